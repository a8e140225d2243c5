using System.Text.Json.Nodes;
using Grpc.Core;
using Marketplace.Matching.Chair;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Decisions;

/// <summary>
/// Approves and rejects matches. An approval is a small synchronous saga (docs/approval.md):
/// claim the match (proposed → approving), reserve the pledge's allocation, commit the need's funding,
/// settle as approved. Both commitments are conditional atomic updates in their services, idempotent by
/// match id; if the second fails, the first is released, and whatever could not be released yet is left
/// to <see cref="ApprovalRecovery"/>.
/// </summary>
public sealed class MatchApprovals(
    IMatchingStore store, PledgesService.PledgesServiceClient pledges, NeedsService.NeedsServiceClient needs,
    IChairTermSource chairTerms, MatchingScheduler scheduler, MatchingMetrics metrics, TimeProvider clock, ILogger<MatchApprovals> logger)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public async Task<DecisionResult> ApproveAsync(string matchId, Caller caller, CancellationToken ct)
    {
        var match = await store.GetMatchAsync(matchId, ct);
        if (match is null) return new(DecisionOutcome.NotFound, null);
        var now = clock.GetUtcNow();
        if (await RefuseAsync(caller, match, now, ct) is { } refused) return refused;
        if (match.Status != MatchStatus.Proposed || !await store.TransitionAsync(matchId, MatchStatus.Proposed, MatchStatus.Approving, caller.Subject, now, ct))
        {
            return new(DecisionOutcome.NotProposed, await store.GetMatchAsync(matchId, ct));
        }

        try
        {
            await pledges.ReserveAllocationAsync(new ReserveAllocationRequest
            {
                MatchId = match.Id, PledgeId = match.PledgeId, Amount = match.Amount.AmountString, Currency = match.Amount.Currency,
                Actor = caller.Subject, ActorOrg = caller.Org, ActorName = caller.Name,
            }, deadline: Deadline(), cancellationToken: CancellationToken.None);
        }
        catch (RpcException ex)
        {
            return await FailAsync(match, caller, ex, pledgeReserved: false);
        }
        try
        {
            await needs.CommitFundingAsync(new CommitFundingRequest
            {
                MatchId = match.Id, NeedId = match.NeedId, Amount = match.NeedAmount.AmountString, Currency = match.NeedAmount.Currency,
                Actor = caller.Subject, ActorOrg = caller.Org, ActorName = caller.Name,
            }, deadline: Deadline(), cancellationToken: CancellationToken.None);
        }
        catch (RpcException ex)
        {
            return await FailAsync(match, caller, ex, pledgeReserved: true);
        }

        var approved = match with { Status = MatchStatus.Approved, DecidedAt = now, DecidedBy = caller.Subject };
        var @event = new MatchApproved(match.Id, match.NeedId, match.PledgeId, match.Country, match.Donor, match.Amount.Amount,
            match.Amount.Currency, match.NeedAmount.Amount, match.NeedAmount.Currency, caller.Subject, caller.Org, now, match.FxRate, caller.Name);
        await store.SettleDecisionAsync(approved, MatchStatus.Approving, @event, Audit(caller, "match.approved", match, now, null), CancellationToken.None);
        metrics.Decided("approved");
        scheduler.RequestRound();
        return new(DecisionOutcome.Decided, await store.GetMatchAsync(matchId, CancellationToken.None));
    }

    public async Task<DecisionResult> RejectAsync(string matchId, string reason, Caller caller, CancellationToken ct)
    {
        var match = await store.GetMatchAsync(matchId, ct);
        if (match is null) return new(DecisionOutcome.NotFound, null);
        var now = clock.GetUtcNow();
        if (await RefuseAsync(caller, match, now, ct) is { } refused) return refused;
        var rejected = match with { Status = MatchStatus.Rejected, DecidedAt = now, DecidedBy = caller.Subject, Reason = reason };
        var @event = new MatchRejected(match.Id, match.NeedId, match.PledgeId, match.Country, match.Donor, reason, caller.Subject, caller.Org, now);
        if (match.Status != MatchStatus.Proposed ||
            !await store.SettleDecisionAsync(rejected, MatchStatus.Proposed, @event, Audit(caller, "match.rejected", match, now, reason), ct))
        {
            return new(DecisionOutcome.NotProposed, await store.GetMatchAsync(matchId, ct));
        }
        metrics.Decided("rejected");
        scheduler.RequestRound();
        return new(DecisionOutcome.Decided, await store.GetMatchAsync(matchId, ct));
    }

    /// <summary>
    /// What approving would do, for a caller who may decide the match (the same refusals as <see cref="ApproveAsync"/>):
    /// either why not (<c>Refused</c>) or the preview, computed from the need and pledge views and the other proposals.
    /// </summary>
    public async Task<(DecisionResult? Refused, ApprovalPreview? Preview)> PreviewAsync(string matchId, Caller caller, CancellationToken ct)
    {
        var match = await store.GetMatchAsync(matchId, ct);
        if (match is null) return (new(DecisionOutcome.NotFound, null), null);
        if (await RefuseAsync(caller, match, clock.GetUtcNow(), ct) is { } refused) return (refused, null);
        if (match.Status != MatchStatus.Proposed) return (new(DecisionOutcome.NotProposed, match), null);
        var need = await store.GetNeedAsync(match.NeedId, ct);
        var pledge = await store.GetPledgeAsync(match.PledgeId, ct);
        if (need is null || pledge is null)
        {
            return (new(DecisionOutcome.DependencyUnavailable, match, "the need or the pledge is not yet known to the matching service"), null);
        }
        var others = await ProposalsAsync(new MatchFilter(MatchStatus.Proposed, match.NeedId, null, null, null), ct);
        others.AddRange(await ProposalsAsync(new MatchFilter(MatchStatus.Proposed, null, match.PledgeId, null, null), ct));
        return (null, ApprovalPreview.Of(match, need, pledge, others));
    }

    private async Task<List<Match>> ProposalsAsync(MatchFilter filter, CancellationToken ct)
    {
        var all = new List<Match>();
        MatchCursor? after = null;
        while (true)
        {
            var page = await store.ListMatchesAsync(filter, PageToken.MaxPageSize, after, ct);
            all.AddRange(page.Items);
            after = MatchCursor.Next(filter, page);
            if (page.Items.Count == 0 || after is null) return all;
        }
    }

    /// <summary>Checks <see cref="Deciders"/> against the chair term in force at <paramref name="now"/>, read only for a chair.</summary>
    private async Task<DecisionResult?> RefuseAsync(Caller caller, Match match, DateTimeOffset now, CancellationToken ct)
    {
        ChairTerm? term = null;
        if (Deciders.NeedsChairTerm(caller))
        {
            try
            {
                term = await chairTerms.GetAsync(ct);
            }
            catch (ChairTermUnavailableException ex)
            {
                logger.LogWarning(ex, "A chair's decision on {MatchId} was refused: {Reason}", match.Id, ex.Message);
                return new(DecisionOutcome.DependencyUnavailable, match, "the chair term cannot be read now");
            }
        }
        return Deciders.Refusal(caller, match, term, now) is { } outcome ? new(outcome, match) : null;
    }

    /// <summary>
    /// Releases what the approval may have committed (both releases are idempotent and leave a tombstone
    /// against late commits) and puts the match back to proposed. If a release cannot be made now, the
    /// match stays compensating and <see cref="ApprovalRecovery"/> finishes the job.
    /// </summary>
    public async Task<bool> CompensateAsync(Match match, Caller caller, CancellationToken ct)
    {
        await store.TransitionAsync(match.Id, MatchStatus.Approving, MatchStatus.Compensating, match.DecidedBy ?? caller.Subject,
            match.DecidedAt ?? clock.GetUtcNow(), ct);
        var released = await TryReleaseAsync("pledge", () => pledges.ReleaseAllocationAsync(
                new ReleaseAllocationRequest { MatchId = match.Id, PledgeId = match.PledgeId, Actor = caller.Subject, ActorOrg = caller.Org, ActorName = caller.Name },
                deadline: Deadline(), cancellationToken: ct).ResponseAsync, match.Id)
            & await TryReleaseAsync("need", () => needs.ReleaseFundingAsync(
                new ReleaseFundingRequest { MatchId = match.Id, NeedId = match.NeedId, Actor = caller.Subject, ActorOrg = caller.Org, ActorName = caller.Name },
                deadline: Deadline(), cancellationToken: ct).ResponseAsync, match.Id);
        if (!released) return false;
        // A released match cannot be committed again (tombstones), so it is superseded and the next round proposes afresh.
        await store.TransitionAsync(match.Id, MatchStatus.Compensating, MatchStatus.Superseded, null, null, ct);
        scheduler.RequestRound();
        return true;
    }

    private async Task<DecisionResult> FailAsync(Match match, Caller caller, RpcException ex, bool pledgeReserved)
    {
        var refused = ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.Aborted;
        logger.LogInformation("Approval of {MatchId} failed at {Step}: {Status} {Detail}", match.Id,
            pledgeReserved ? "need funding" : "pledge allocation", ex.StatusCode, ex.Status.Detail);
        if (refused && !pledgeReserved)
        {
            // Nothing was committed: the pledge refused atomically. The proposal is stale; a round replaces it.
            await store.TransitionAsync(match.Id, MatchStatus.Approving, MatchStatus.Superseded, null, null, CancellationToken.None);
            scheduler.RequestRound();
        }
        else
        {
            await CompensateAsync(match, caller, CancellationToken.None);
        }
        metrics.Decided(refused ? "refused" : "failed");
        var current = await store.GetMatchAsync(match.Id, CancellationToken.None);
        return refused
            ? new(DecisionOutcome.WouldOverAllocate, current, ex.Status.Detail)
            : new(DecisionOutcome.DependencyUnavailable, current, $"{(pledgeReserved ? "needs" : "pledges")} service: {ex.Status.Detail}");
    }

    /// <summary>Each side is released on its own, so one service being down never blocks the other's release.</summary>
    private async Task<bool> TryReleaseAsync(string side, Func<Task> release, string matchId)
    {
        try
        {
            await release();
            return true;
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Releasing the {Side} of match {MatchId} failed ({Status}); recovery will retry", side, matchId, ex.StatusCode);
            return false;
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    private static AuditEntry Audit(Caller caller, string action, Match match, DateTimeOffset at, string? reason) =>
        AuditEntry.By(caller, at, action, match.Id, new JsonObject
        {
            ["needId"] = match.NeedId,
            ["pledgeId"] = match.PledgeId,
            ["amount"] = MoneyJson.From(match.Amount),
            ["needAmount"] = MoneyJson.From(match.NeedAmount),
            ["reason"] = reason,
        });
}
