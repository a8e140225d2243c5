namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>
/// A service's view of the money trail (docs/flows.md), fed by the flows service's events: per flow, the
/// entity it counts for and its committed and disbursed totals in that entity's currency. Each flow is
/// kept at its highest version, so redelivered and reordered events are harmless.
/// </summary>
public interface IFlowTotals
{
    /// <summary>Stores the flow's totals unless an equal or newer version is there; true when it changed.</summary>
    Task<bool> UpsertAsync(string flowId, string entityId, long committedMinor, long disbursedMinor, long version, CancellationToken ct);

    /// <summary>The sums per entity; entities without flows are absent.</summary>
    Task<IReadOnlyDictionary<string, TrailTotals>> SumAsync(IReadOnlyCollection<string> entityIds, CancellationToken ct);

    /// <summary>The sums of every entity.</summary>
    Task<IReadOnlyDictionary<string, TrailTotals>> SumAllAsync(CancellationToken ct);
}
