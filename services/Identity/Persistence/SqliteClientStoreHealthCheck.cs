using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Identity.Persistence;

public sealed class SqliteClientStoreHealthCheck(SqliteClientStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("SQLite client store is reachable.");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("SQLite client store cannot be opened.", ex);
        }
    }
}
