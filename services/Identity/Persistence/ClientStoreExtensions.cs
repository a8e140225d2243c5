using Marketplace.Identity.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Marketplace.Identity.Persistence;

public static class ClientStoreExtensions
{
    /// <summary>
    /// The client store on the provider <c>Storage:Provider</c> names, with its readiness check: the
    /// embedded SQLite file (default) or MongoDB (<c>Storage:ConnectionString</c>, <c>Storage:Database</c>),
    /// one client per process with majority write and read concern and bounded majority waits.
    /// </summary>
    public static IHostApplicationBuilder AddClientStore(this IHostApplicationBuilder builder)
    {
        var ready = new[] { Marketplace.ServiceDefaults.Extensions.ReadyTag };
        if (builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] == StorageOptions.Mongo)
        {
            var applicationName = builder.Environment.ApplicationName;
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.CreateMongoClient(applicationName));
            builder.Services.AddSingleton(sp => new MongoClientStore(sp.GetRequiredService<IMongoClient>(),
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database!, sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<IClientStore>(sp => sp.GetRequiredService<MongoClientStore>());
            builder.Services.AddHealthChecks().AddCheck<MongoClientStoreHealthCheck>("client-store", tags: ready);
        }
        else
        {
            builder.Services.AddSingleton<SqliteClientStore>();
            builder.Services.AddSingleton<IClientStore>(sp => sp.GetRequiredService<SqliteClientStore>());
            builder.Services.AddHealthChecks().AddCheck<SqliteClientStoreHealthCheck>("client-store", tags: ready);
        }
        return builder;
    }
}
