using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Persistence;

public static class StorageExtensions
{
    /// <summary>
    /// The embedded SQLite database of a service (<c>{Storage:DataDirectory}/{fileName}</c>) with its
    /// outbox, change writer and readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedStore(this IHostApplicationBuilder builder, string fileName, string schemaSql)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, fileName, schemaSql));
        builder.Services.AddSingleton<SqliteChangeWriter>();
        builder.Services.AddSingleton<SqliteCommitmentLedger>();
        builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
        builder.Services.AddHealthChecks().AddCheck<SqliteHealthCheck>("store", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }
}
