using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// Reports events that cannot leave: Degraded when the oldest unpublished outbox event is older than
/// <see cref="MaxAge"/> (broker unreachable, relay stuck). A publish-only MassTransit bus has no receive
/// endpoint, so its own health check stays Healthy while the broker is down; this one does not. Degraded,
/// not Unhealthy: the service keeps accepting writes (they wait in the outbox), so it must stay in rotation.
/// </summary>
public sealed class OutboxHealthCheck(IOutboxStore store, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var (pending, oldest) = await store.GetBacklogAsync(ct);
        var age = oldest is { } at ? clock.GetUtcNow() - at : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestAgeSeconds"] = Math.Round(age.TotalSeconds, 1) };
        return age > MaxAge
            ? HealthCheckResult.Degraded($"{pending} events wait in the outbox, the oldest for {age.TotalSeconds:0} s", data: data)
            : HealthCheckResult.Healthy($"{pending} events pending", data);
    }
}
