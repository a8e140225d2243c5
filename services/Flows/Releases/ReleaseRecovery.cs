using Marketplace.Flows.Options;
using Marketplace.Flows.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Flows.Releases;

/// <summary>
/// Finishes releases that an outage or a crash left pending: every cancelled flow whose remainder is not
/// yet released is released again (the calls are idempotent by match id) until both services confirm.
/// </summary>
public sealed class ReleaseRecovery(IFlowStore store, FlowReleaser releaser, IOptions<FlowsOptions> options, ILogger<ReleaseRecovery> logger)
    : BackgroundService
{
    private static readonly Caller System = new("flows-recovery", Roles.Service, "flows");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ReleaseRetrySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var flow in await store.ListReleasePendingAsync(100, stoppingToken))
                {
                    var done = await releaser.TryReleaseAsync(flow, System, stoppingToken);
                    logger.LogInformation("Release of cancelled flow {FlowId}: {Outcome}", flow.Id, done is null ? "still pending" : "done");
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Release recovery pass failed; retrying");
            }
            await Task.Delay(interval, stoppingToken);
        }
    }
}
