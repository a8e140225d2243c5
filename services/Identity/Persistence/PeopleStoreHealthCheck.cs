using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Identity.Persistence;

/// <summary>Readiness: the people store answers a lookup (people cannot sign in otherwise).</summary>
public sealed class PeopleStoreHealthCheck(IPersonStore people) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await people.FindByIdAsync("readiness-probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The people store does not answer.", ex);
        }
    }
}
