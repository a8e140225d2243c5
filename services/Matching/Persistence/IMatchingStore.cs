using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Matching.Persistence;

/// <summary>The matching service's store port: its views of needs and pledges, matches, rounds and FX rates.</summary>
public interface IMatchingStore
{
    /// <summary>Stores the view unless a newer or equal version is already there; true when it changed.</summary>
    Task<bool> UpsertNeedAsync(NeedView need, CancellationToken ct);

    /// <summary>Stores the view unless a newer or equal version is already there; true when it changed.</summary>
    Task<bool> UpsertPledgeAsync(PledgeView pledge, CancellationToken ct);

    /// <summary>Records what a cancelled flow released of an approved match; once per match (a redelivery changes nothing).</summary>
    Task RecordReleaseAsync(MatchRelease release, CancellationToken ct);

    /// <summary>Every need and pledge, the proposed and approved matches, what cancelled flows released, and the FX table.</summary>
    Task<RoundInput> LoadRoundInputAsync(CancellationToken ct);

    /// <summary>Adds the round's new proposals, supersedes the ones it dropped and queues its events (one per new proposal, then the round's), atomically.</summary>
    Task ApplyRoundAsync(RoundRecord round, IReadOnlyList<Match> added, IReadOnlyList<string> superseded, IReadOnlyList<object> events,
        CancellationToken ct);

    Task<Match?> GetMatchAsync(string id, CancellationToken ct);

    Task<Page<Match>> ListMatchesAsync(MatchFilter filter, int pageSize, string? afterId, CancellationToken ct);

    Task<NeedView?> GetNeedAsync(string id, CancellationToken ct);

    Task<PledgeView?> GetPledgeAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<FxRate>> ListFxRatesAsync(CancellationToken ct);

    /// <summary>Replaces a rate if its stored version is still <paramref name="expectedVersion"/>.</summary>
    Task<bool> PutFxRateAsync(FxRate rate, long expectedVersion, AuditEntry audit, CancellationToken ct);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct);

    /// <summary>Moves a match from <paramref name="from"/> to <paramref name="to"/> if it is still in <paramref name="from"/>.</summary>
    Task<bool> TransitionAsync(string matchId, string from, string to, string? decidedBy, DateTimeOffset? decidedAt, CancellationToken ct);

    /// <summary>Settles a decision (approved or rejected) with its event and audit entry, if the match is still in <paramref name="from"/>.</summary>
    Task<bool> SettleDecisionAsync(Match decided, string from, object @event, AuditEntry audit, CancellationToken ct);

    /// <summary>
    /// Takes (or renews) the solver lease for <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="ttl"/>, unless another owner holds an unexpired one. One round runs at a time
    /// across every replica of the matching service.
    /// </summary>
    Task<bool> TryAcquireSolverLeaseAsync(string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct);

    /// <summary>Gives the solver lease up if <paramref name="owner"/> holds it.</summary>
    Task ReleaseSolverLeaseAsync(string owner, CancellationToken ct);

    /// <summary>Matches left in an in-flight approval state since before <paramref name="claimedBefore"/>.</summary>
    Task<IReadOnlyList<Match>> ListInFlightApprovalsAsync(DateTimeOffset claimedBefore, CancellationToken ct);
}
