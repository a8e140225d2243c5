using Marketplace.Matching.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Decisions;

/// <summary>
/// Finishes approvals that a crash or an outage left in flight: any match still approving or
/// compensating after <see cref="Grace"/> is compensated (both releases are idempotent), so the pledge
/// and the need end consistent and the match is proposed afresh by the next round.
/// </summary>
public sealed class ApprovalRecovery(IMatchingStore store, MatchApprovals approvals, TimeProvider clock, ILogger<ApprovalRecovery> logger)
    : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly Caller System = new("matching-recovery", Roles.Service, "matching");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var match in await store.ListInFlightApprovalsAsync(clock.GetUtcNow() - Grace, stoppingToken))
                {
                    var done = await approvals.CompensateAsync(match, System, stoppingToken);
                    logger.LogInformation("Recovered in-flight approval of {MatchId}: {Outcome}", match.Id, done ? "compensated" : "still pending");
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Approval recovery pass failed; retrying");
            }
            await Task.Delay(Interval, stoppingToken);
        }
    }
}
