using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>Ready when the service's database answers a ping.</summary>
public sealed class MongoHealthCheck(MongoStorage storage) : IHealthCheck
{
    private static readonly BsonDocument Ping = new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await storage.Database.RunCommandAsync<BsonDocument>(Ping, cancellationToken: ct);
            return HealthCheckResult.Healthy($"MongoDB database {storage.Database.DatabaseNamespace.DatabaseName}");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("MongoDB store unavailable", ex);
        }
    }
}
