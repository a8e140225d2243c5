using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Pledges.Persistence;

/// <summary>
/// The pledges service's store port. Every write stores the new state, its event (outbox) and its audit
/// entry in one atomic step.
/// </summary>
public interface IPledgeStore
{
    Task InsertAsync(PledgeChange change, CancellationToken ct);

    /// <summary>Replaces the pledge if its stored version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> ReplaceAsync(PledgeChange change, long expectedVersion, CancellationToken ct);

    Task<Pledge?> GetAsync(string id, CancellationToken ct);

    Task<Page<Pledge>> ListAsync(PledgeFilter filter, int pageSize, string? afterId, CancellationToken ct);

    IAsyncEnumerable<Pledge> StreamAllAsync(CancellationToken ct);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct);

    /// <summary>Adds an approved match's amount to the pledge's allocation, once per match, never past its amount.</summary>
    Task<CommitmentResult> ReserveAllocationAsync(string matchId, string pledgeId, Money amount, Caller decidedBy, CancellationToken ct);

    /// <summary>Compensates <see cref="ReserveAllocationAsync"/>; a release before any reservation refuses it later.</summary>
    Task<CommitmentResult> ReleaseAllocationAsync(string matchId, string pledgeId, Money? keep, Caller decidedBy, CancellationToken ct);
}
