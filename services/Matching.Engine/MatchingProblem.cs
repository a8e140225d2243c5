namespace Marketplace.Matching.Engine;

/// <summary>
/// One matching round. <paramref name="PreviousProposals"/> are last round's proposals that are
/// still pending; the engine keeps them whenever doing so costs no priority-weighted funding.
/// </summary>
public sealed record MatchingProblem(
    IReadOnlyList<NeedInput> Needs,
    IReadOnlyList<PledgeInput> Pledges,
    IReadOnlyList<Allocation> PreviousProposals);
