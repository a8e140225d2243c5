using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>Ready when the embedded database answers a query.</summary>
public sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.Command("SELECT 1");
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy($"SQLite at {database.Path}");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("SQLite store unavailable", ex);
        }
    }
}
