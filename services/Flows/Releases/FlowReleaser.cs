using System.Text.Json.Nodes;
using Grpc.Core;
using Marketplace.Flows.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Flows.Releases;

/// <summary>
/// Gives back what a cancelled flow did not disburse, over the same release calls that compensate an
/// approval (docs/approval.md): the pledge keeps the disbursed amount allocated, the need keeps its
/// need-currency equivalent funded, and the rest is released. Both calls are idempotent by match id, so a
/// retry (after a crash or an outage, by <see cref="ReleaseRecovery"/>) never releases twice; the flow
/// records the release once both sides answered.
/// </summary>
public sealed class FlowReleaser(
    IFlowStore store, PledgesService.PledgesServiceClient pledges, NeedsService.NeedsServiceClient needs, TimeProvider clock,
    ILogger<FlowReleaser> logger)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The flow after its release was recorded, or null when a side could not release it now.</summary>
    public async Task<Flow?> TryReleaseAsync(Flow flow, Caller caller, CancellationToken ct)
    {
        if (flow.Cancellation is not { ReleasedAt: null } cancellation) return flow;
        var disbursed = flow.Disbursed;
        var needKept = flow.NeedSideOf(disbursed);
        try
        {
            await pledges.ReleaseAllocationAsync(new ReleaseAllocationRequest
            {
                MatchId = flow.MatchId, PledgeId = flow.PledgeId, Actor = cancellation.By, ActorOrg = cancellation.ByOrg,
                KeepAmount = disbursed.AmountString, KeepCurrency = disbursed.Currency,
            }, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: ct);
            await needs.ReleaseFundingAsync(new ReleaseFundingRequest
            {
                MatchId = flow.MatchId, NeedId = flow.NeedId, Actor = cancellation.By, ActorOrg = cancellation.ByOrg,
                KeepAmount = needKept.AmountString, KeepCurrency = needKept.Currency,
            }, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: ct);
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Releasing the remainder of cancelled flow {FlowId} failed ({Status}: {Detail}); recovery will retry",
                flow.Id, ex.StatusCode, ex.Status.Detail);
            return null;
        }
        return await RecordAsync(flow.Id, caller, ct);
    }

    private async Task<Flow?> RecordAsync(string flowId, Caller caller, CancellationToken ct)
    {
        while (await store.GetAsync(flowId, ct) is { } current)
        {
            var now = clock.GetUtcNow();
            var outcome = FlowRules.MarkReleased(current, now);
            if (!outcome.Changed) return outcome.Flow;
            var next = outcome.Flow!;
            var c = next.Cancellation!;
            var audit = new AuditEntry(now, caller.Subject, caller.Org, "flow.released", next.Id, new JsonObject
            {
                ["released"] = MoneyJson.From(c.Released),
                ["needReleased"] = MoneyJson.From(c.NeedReleased),
                ["status"] = next.Status,
            });
            var change = new FlowChange(next, new FlowReleased(next.ToSnapshot(), c.Released.Amount, c.NeedReleased.Amount), audit);
            if (await store.ReplaceAsync(change, current.Version, ct)) return next;
        }
        return null;
    }
}
