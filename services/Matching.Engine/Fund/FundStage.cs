namespace Marketplace.Matching.Engine.Fund;

/// <summary>
/// The MIRPS Fund's side of a round on the delta path (<see cref="LexicographicMatching.Apply"/>): the referred needs with
/// their remainders before any bilateral money, the Fund's pledges, the Fund's proposals of the last round, the rejected pairs.
/// Small: the Fund's part of the market, not the whole of it.
/// </summary>
public sealed record FundStage(
    IReadOnlyList<NeedInput> ReferredNeeds,
    IReadOnlyList<PledgeInput> Pledges,
    IReadOnlyList<Allocation> PreviousProposals,
    IReadOnlySet<(string NeedId, string PledgeId)> ForbiddenPairs);
