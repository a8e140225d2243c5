using Marketplace.Matching.Options;
using Marketplace.Matching.Persistence;
using Microsoft.Extensions.Options;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Decisions;

/// <summary>
/// Finishes approvals that a crash or an outage left in flight: any match still approving or
/// compensating after <see cref="MatchingOptions.ApprovalRecoveryGraceSeconds"/> is compensated (both releases are idempotent), so the pledge
/// and the need end consistent and the match is proposed afresh by the next round.
/// </summary>
public sealed class ApprovalRecovery(
    IMatchingStore store, MatchApprovals approvals, IOptions<MatchingOptions> options, TimeProvider clock, ILogger<ApprovalRecovery> logger)
    : BackgroundService
{
    private static readonly Caller System = new("matching-recovery", "matching-recovery", Roles.Service, "matching");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grace = TimeSpan.FromSeconds(options.Value.ApprovalRecoveryGraceSeconds);
        var interval = grace / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var match in await store.ListInFlightApprovalsAsync(clock.GetUtcNow() - grace, stoppingToken))
                {
                    var done = await approvals.CompensateAsync(match, System, stoppingToken);
                    logger.LogInformation("Recovered in-flight approval of {MatchId}: {Outcome}", match.Id, done ? "compensated" : "still pending");
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Approval recovery pass failed; retrying");
            }
            await Task.Delay(interval, stoppingToken);
        }
    }
}
