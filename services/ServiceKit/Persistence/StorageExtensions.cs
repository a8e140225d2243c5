using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

public static class StorageExtensions
{
    /// <summary>
    /// The service's store port <typeparamref name="TStore"/> with its outbox, audit trail and readiness
    /// check, on the provider <c>Storage:Provider</c> names: the embedded SQLite file
    /// <c>{Storage:DataDirectory}/{fileName}</c> (default), or the MongoDB database <c>Storage:Database</c>
    /// at <c>Storage:ConnectionString</c>. Changing that key is all it takes to switch.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceStore<TStore, TSqlite, TMongo>(this IHostApplicationBuilder builder,
        string fileName, string schemaSql, IReadOnlyList<SqliteColumn>? addedColumns = null)
        where TStore : class
        where TSqlite : class, TStore
        where TMongo : class, TStore
    {
        if (builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] == StorageOptions.Mongo)
        {
            builder.AddMongoStore();
            builder.Services.AddSingleton<TMongo>();
            builder.Services.AddSingleton<TStore>(sp => sp.GetRequiredService<TMongo>());
            if (typeof(IMongoStoreSetup).IsAssignableFrom(typeof(TMongo)))
            {
                builder.Services.AddSingleton(sp => (IMongoStoreSetup)sp.GetRequiredService<TMongo>());
            }
        }
        else
        {
            builder.AddEmbeddedStore(fileName, schemaSql, addedColumns);
            builder.Services.AddSingleton<TStore, TSqlite>();
        }
        return builder;
    }

    /// <summary>
    /// The embedded SQLite database of a service (<c>{Storage:DataDirectory}/{fileName}</c>) with its
    /// outbox, change writer, idempotency keys, money-trail view and readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedStore(this IHostApplicationBuilder builder, string fileName, string schemaSql,
        IReadOnlyList<SqliteColumn>? addedColumns = null)
    {
        builder.AddStorageOptions();
        builder.Services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, fileName, schemaSql + SqliteIdempotencyStore.Schema + SqliteFlowTotals.Schema,
            addedColumns));
        // The writers wake the outbox relay; a service that publishes nothing (notifications) still gets the signal they need.
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<SqliteChangeWriter>();
        builder.Services.AddSingleton<SqliteCommitmentLedger>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
        builder.AddIdempotencyStore<SqliteIdempotencyStore>();
        builder.Services.AddSingleton<IFlowTotals, SqliteFlowTotals>();
        builder.Services.AddHealthChecks().AddCheck<SqliteHealthCheck>("store", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>The shared MongoDB pieces: one client per process, the service's database, outbox, audit trail, idempotency keys and index set-up.</summary>
    public static IHostApplicationBuilder AddMongoStore(this IHostApplicationBuilder builder)
    {
        builder.AddStorageOptions();
        var applicationName = builder.Environment.ApplicationName;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IMongoClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return MongoStorage.CreateClient(options.ConnectionString!, applicationName,
                TimeSpan.FromMilliseconds(options.MongoWriteTimeoutMilliseconds));
        });
        builder.Services.AddSingleton(sp => new MongoStorage(sp.GetRequiredService<IMongoClient>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database!));
        builder.Services.AddSingleton<MongoOutbox>();
        builder.Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<MongoOutbox>());
        builder.Services.AddSingleton<MongoAuditTrail>();
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<MongoChangeWriter>();
        builder.Services.AddSingleton<MongoCommitmentLedger>();
        builder.AddIdempotencyStore<MongoIdempotencyStore>();
        builder.Services.AddSingleton<MongoFlowTotals>();
        builder.Services.AddSingleton<IFlowTotals>(sp => sp.GetRequiredService<MongoFlowTotals>());
        builder.Services.AddSingleton<IMongoStoreSetup>(sp => sp.GetRequiredService<MongoFlowTotals>());
        // First of all hosted services, whatever the order of the Add* calls: the host starts them one after
        // another in registration order, so the MassTransit bus (its consumers) and the outbox relay start
        // only once the indexes and seed data are in place; a failed initialization stops the start.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MongoStoreInitializer>());
        builder.Services.AddHealthChecks().AddCheck<MongoHealthCheck>("store", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    private static void AddStorageOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
}
