namespace Marketplace.Matching.Engine;

/// <summary>
/// One matching round. <paramref name="PreviousProposals"/> are last round's proposals that are
/// still pending; the engine keeps them whenever doing so costs no priority-weighted funding.
/// </summary>
public sealed record MatchingProblem(
    IReadOnlyList<NeedInput> Needs,
    IReadOnlyList<PledgeInput> Pledges,
    IReadOnlyList<Allocation> PreviousProposals)
{
    private static readonly IReadOnlySet<(string NeedId, string PledgeId)> None = new HashSet<(string, string)>();

    /// <summary>
    /// Pairs that must carry nothing even though they are eligible (a decider rejected them). The optimum
    /// is taken over the pairs that remain, so a rejected pair's money goes to the next best needs.
    /// </summary>
    public IReadOnlySet<(string NeedId, string PledgeId)> ForbiddenPairs { get; init; } = None;

    /// <summary>
    /// Solve from nothing: an engine that keeps the market between rounds drops what it kept (a manual run,
    /// or a replica that has just taken over the rounds).
    /// </summary>
    public bool Rebuild { get; init; }

    /// <summary>Whether this round may allocate the pledge to the need: eligible and not forbidden.</summary>
    public bool Allows(NeedInput need, PledgeInput pledge) =>
        Eligibility.IsEligible(need, pledge) && !ForbiddenPairs.Contains((need.Id, pledge.Id));
}
