using Marketplace.Flows.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Flows.Persistence;

/// <summary>
/// The flows service's store port. Every write stores the new state, its event (outbox) and its audit
/// entry in one atomic step; a flow is unique per match.
/// </summary>
public interface IFlowStore
{
    /// <summary>Inserts the flow unless its match already has one; false (and nothing written) when it has.</summary>
    Task<bool> InsertAsync(FlowChange change, CancellationToken ct);

    /// <summary>Replaces the flow if its stored version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> ReplaceAsync(FlowChange change, long expectedVersion, CancellationToken ct);

    Task<Flow?> GetAsync(string id, CancellationToken ct);

    Task<Flow?> GetByMatchAsync(string matchId, CancellationToken ct);

    Task<Page<Flow>> ListAsync(FlowFilter filter, int pageSize, string? afterId, CancellationToken ct);

    /// <summary>Cancelled flows whose remainder is not released yet, oldest first.</summary>
    Task<IReadOnlyList<Flow>> ListReleasePendingAsync(int limit, CancellationToken ct);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct);
}
