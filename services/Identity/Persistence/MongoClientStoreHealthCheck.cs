using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Driver;

namespace Marketplace.Identity.Persistence;

public sealed class MongoClientStoreHealthCheck(MongoClientStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("MongoDB client store is reachable.");
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("MongoDB client store cannot be reached.", ex);
        }
    }
}
