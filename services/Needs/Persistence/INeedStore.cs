using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Persistence;

/// <summary>
/// The needs service's store port. Every write stores the new state, its event (outbox) and its audit
/// entry in one atomic step.
/// </summary>
public interface INeedStore
{
    Task InsertAsync(NeedChange change, CancellationToken ct);

    /// <summary>Replaces the need if its stored version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> ReplaceAsync(NeedChange change, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// Writes an automatic referral only if the need is still at <paramref name="expectedVersion"/>, open for
    /// funding, not referred, and has had no proposal since <paramref name="cutoff"/>: of several replicas that
    /// find the same need due, exactly one refers it (one event, one audit entry).
    /// </summary>
    Task<bool> ReferIfDueAsync(NeedChange change, long expectedVersion, DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Needs open for funding, not referred, whose referral clock started at or before <paramref name="cutoff"/>.</summary>
    Task<IReadOnlyList<Need>> ListDueForReferralAsync(DateTimeOffset cutoff, int limit, CancellationToken ct);

    /// <summary>
    /// Records that these needs had a bilateral proposal or an approval at <paramref name="at"/> (never moves
    /// the time back; not a change of the need: no version, event or audit entry).
    /// </summary>
    Task RecordProposalActivityAsync(IReadOnlyCollection<string> needIds, DateTimeOffset at, CancellationToken ct);

    Task<Need?> GetAsync(string id, CancellationToken ct);

    Task<Page<Need>> ListAsync(NeedFilter filter, int pageSize, string? afterId, CancellationToken ct);

    IAsyncEnumerable<Need> StreamAllAsync(CancellationToken ct);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct);

    /// <summary>Adds an approved match's amount to the need's funding, once per match, never past its amount.</summary>
    Task<CommitmentResult> CommitFundingAsync(string matchId, string needId, Money amount, Caller decidedBy, CancellationToken ct);

    /// <summary>
    /// Compensates <see cref="CommitFundingAsync"/> except <paramref name="keep"/> (the disbursed part of a
    /// cancelled flow; null releases all); a release before any commit refuses that commit later.
    /// </summary>
    Task<CommitmentResult> ReleaseFundingAsync(string matchId, string needId, Money? keep, Caller decidedBy, CancellationToken ct);
}
