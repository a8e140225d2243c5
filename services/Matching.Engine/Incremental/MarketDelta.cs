namespace Marketplace.Matching.Engine.Incremental;

/// <summary>
/// What changed in the market since the last round, as the host read it from its store: the round's input for
/// <see cref="IncrementalMatchingEngine.Apply"/>. Needs and pledges are listed whole (the engine compares the shape with
/// the one it keeps and moves the remainder only when that is all that changed); one that can no longer carry money
/// (no remainder, no instrument, a cap below its minimum) leaves the market like a removed one. Ids the kept market
/// does not hold are ignored where they can only remove something.
/// </summary>
public sealed record MarketDelta
{
    public static readonly MarketDelta None = new();

    /// <summary>Needs added, or changed in remainder or shape.</summary>
    public IReadOnlyList<NeedInput> Needs { get; init; } = [];

    /// <summary>Pledges added, or changed in remainder or shape.</summary>
    public IReadOnlyList<PledgeInput> Pledges { get; init; } = [];

    /// <summary>Needs withdrawn, closed or no longer convertible.</summary>
    public IReadOnlyCollection<string> RemovedNeeds { get; init; } = [];

    /// <summary>Pledges withdrawn, closed or no longer convertible.</summary>
    public IReadOnlyCollection<string> RemovedPledges { get; init; } = [];

    /// <summary>Allocations whose proposal left the proposals since the last round: approved, rejected, or never proposed.</summary>
    public IReadOnlyCollection<(string NeedId, string PledgeId)> TakenOff { get; init; } = [];

    /// <summary>Pairs newly forbidden (rejected).</summary>
    public IReadOnlyCollection<(string NeedId, string PledgeId)> Forbidden { get; init; } = [];
}
