using Marketplace.ServiceKit.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceKit.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>
    /// The idempotency key store on the service's own storage provider (called by the store registration:
    /// the keys live beside the data they protect) and its options.
    /// </summary>
    internal static void AddIdempotencyStore<TStore>(this IHostApplicationBuilder builder, Func<IServiceProvider, TStore>? create = null)
        where TStore : class, IIdempotencyStore
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (create is null) builder.Services.AddSingleton<TStore>();
        else builder.Services.AddSingleton(create);
        builder.Services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<TStore>());
        if (typeof(IMongoStoreSetup).IsAssignableFrom(typeof(TStore)))
        {
            builder.Services.AddSingleton(sp => (IMongoStoreSetup)sp.GetRequiredService<TStore>());
        }
    }

    /// <summary>
    /// For a service that opens its own embedded database instead of <see cref="StorageExtensions.AddEmbeddedStore"/>
    /// (identity): the idempotency keys in <paramref name="database"/>, whose schema must include
    /// <see cref="SqliteIdempotencyStore.Schema"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSqliteIdempotencyStore(this IHostApplicationBuilder builder,
        Func<IServiceProvider, SqliteDatabase> database)
    {
        builder.AddIdempotencyStore(sp => new SqliteIdempotencyStore(database(sp)));
        return builder;
    }

    /// <summary>
    /// For a service that builds its own MongoDB access instead of <see cref="StorageExtensions.AddMongoStore"/>
    /// (identity): the idempotency keys in <paramref name="storage"/>'s database. The store is an
    /// <see cref="IMongoStoreSetup"/>; the service must initialise its TTL index at start.
    /// </summary>
    public static IHostApplicationBuilder AddMongoIdempotencyStore(this IHostApplicationBuilder builder,
        Func<IServiceProvider, MongoStorage> storage)
    {
        builder.AddIdempotencyStore(sp => new MongoIdempotencyStore(storage(sp)));
        return builder;
    }

    /// <summary>Marks the endpoint's successful response as holding a secret: never kept for replay (see <see cref="ResponseHoldsSecret"/>).</summary>
    public static TBuilder HoldsSecretResponse<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ResponseHoldsSecret.Instance);

    /// <summary>Honours <c>Idempotency-Key</c> on POSTs under <c>/api/v1</c>; after authorization, before the endpoints.</summary>
    public static WebApplication UseIdempotencyKeys(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
