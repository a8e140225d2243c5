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

    /// <summary>
    /// Records what a cancelled flow released of an approved match, taking the next match change sequence; once per match
    /// (a redelivery changes nothing).
    /// </summary>
    Task RecordReleaseAsync(MatchRelease release, CancellationToken ct);

    /// <summary>Every need and pledge, the proposed and approved matches, what cancelled flows released, and the FX table.</summary>
    Task<RoundInput> LoadRoundInputAsync(CancellationToken ct);

    /// <summary>
    /// As <see cref="LoadRoundInputAsync"/>, but only what was written after an earlier read: the need and pledge views
    /// after view sequence <paramref name="viewsAfter"/> (<see cref="RoundInput.ViewSequence"/>), and the matches and
    /// releases after match change sequence <paramref name="matchesAfter"/> (<see cref="RoundInput.MatchSequence"/>), the
    /// still open ones in <see cref="RoundInput.OpenMatches"/>, the others in <see cref="RoundInput.ClosedMatchIds"/>. The
    /// round keeps the rest in memory. The FX table is read whole.
    /// </summary>
    Task<RoundInput> LoadRoundChangesAsync(long viewsAfter, long matchesAfter, CancellationToken ct);

    // A round is written in chunks (RoundWrites.ApplyRoundAsync). Each chunk is atomic and refused with a
    // StaleSolverLeaseException unless fencingToken is still the solver lease's current token.

    // Every write of a match below (and TransitionAsync, SettleDecisionAsync) takes the next match change sequence in its
    // transaction, so a round's change read sees it.

    /// <summary>Supersedes the proposals among <paramref name="ids"/> that are still proposed (a decided one is left alone).</summary>
    Task SupersedeProposalsAsync(IReadOnlyList<string> ids, long fencingToken, CancellationToken ct);

    /// <summary>
    /// Inserts new proposals, each taking the next number of the matches' commit sequence and queuing its
    /// <see cref="MatchEvents.Proposed"/> event in the same transaction; one already stored is left as it is and queues nothing.
    /// </summary>
    Task AddProposalsAsync(IReadOnlyList<Match> matches, long fencingToken, CancellationToken ct);

    /// <summary>Records the round and queues its event: the last write of a round.</summary>
    Task CompleteRoundAsync(RoundRecord round, object roundEvent, long fencingToken, CancellationToken ct);

    Task<Match?> GetMatchAsync(string id, CancellationToken ct);

    /// <summary>
    /// One page of the matches that pass <paramref name="filter"/>, in its order (sort key, then commit sequence), strictly after
    /// <paramref name="after"/>; the next page's token is a <see cref="MatchCursor"/> of the same filter.
    /// </summary>
    Task<Page<Match>> ListMatchesAsync(MatchFilter filter, int pageSize, MatchCursor? after, CancellationToken ct);

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
    /// across every replica of the matching service. Returns the lease's fencing token (null when refused):
    /// every acquisition by an owner that did not hold the lease gets a higher token than any before it; a
    /// renewal by the holder keeps its token. Round writes carry the token, and the store refuses those of
    /// a holder whose lease was taken over meanwhile.
    /// </summary>
    Task<long?> TryAcquireSolverLeaseAsync(string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct);

    /// <summary>Gives the solver lease up if <paramref name="owner"/> holds it; its fencing token stays, so the next holder's is higher.</summary>
    Task ReleaseSolverLeaseAsync(string owner, CancellationToken ct);

    /// <summary>Matches left in an in-flight approval state since before <paramref name="claimedBefore"/>.</summary>
    Task<IReadOnlyList<Match>> ListInFlightApprovalsAsync(DateTimeOffset claimedBefore, CancellationToken ct);
}
