namespace Marketplace.Matching.Engine.Network;

// The needs and pledges that can take part in a round, with the per-pair limits the network needs.
// Items that can never carry money (nothing remaining, a minimum above what the pledge can give) are
// dropped here so that no later stage has to special-case them.
internal sealed class PreparedProblem
{
    public required IReadOnlyList<NeedInput> Needs { get; init; }
    public required long[] NeedWeights { get; init; }
    public required IReadOnlyList<PledgeInput> Pledges { get; init; }

    // Smallest nonzero allocation of each pledge; 0 when any positive amount is acceptable.
    public required long[] PledgeMinimums { get; init; }

    // Largest single allocation of each pledge, never above what it has left.
    public required long[] PledgePairCaps { get; init; }

    // Pledges whose pair cap can bind, that have a minimum or a forbidden pair get explicit pledge→need
    // arcs: all three are per-pair facts that a shared class node cannot express.
    public required bool[] PledgeHasDirectArcs { get; init; }

    // Pledges whose pair cap can bind or that have a forbidden pair: explicit arcs even in the relaxation of a large
    // market, where minimum-ticket pledges without either are aggregated (see TransportationNetworkBuilder).
    public required bool[] PledgeHasPairLimits { get; init; }

    // Pledges whose only per-pair fact is a binding cap (no minimum, no forbidden pair): they reach the needs whose
    // gap is within the cap through a class's gap chain and get explicit arcs only where the cap binds.
    public required bool[] PledgeCapOnly { get; init; }

    // Eligible pairs that must carry nothing (rejected by a decider), by (pledge, need) index.
    public required IReadOnlySet<(int Pledge, int Need)> ForbiddenPairs { get; init; }

    public static PreparedProblem From(MatchingProblem problem, PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var needs = problem.Needs.Where(n => n.RemainingUsdCents > 0 && n.Instruments.Count > 0).ToList();
        var largestNeed = needs.Count == 0 ? 0 : needs.Max(n => n.RemainingUsdCents);

        var pledges = new List<PledgeInput>();
        var minimums = new List<long>();
        var caps = new List<long>();
        var direct = new List<bool>();
        var limited = new List<bool>();
        var capOnly = new List<bool>();
        foreach (var pledge in problem.Pledges)
        {
            // A minimum of one cent is met by every positive integer amount, so it constrains nothing.
            var minimum = pledge.MinAllocationUsdCents is { } m && m > 1 ? m : 0;
            var cap = Math.Min(pledge.MaxAllocationUsdCents ?? long.MaxValue, pledge.RemainingUsdCents);
            if (pledge.RemainingUsdCents <= 0 || cap <= 0 || cap < minimum)
            {
                continue;
            }

            pledges.Add(pledge);
            minimums.Add(minimum);
            caps.Add(cap);
            var capBinds = cap < Math.Min(pledge.RemainingUsdCents, largestNeed);
            direct.Add(minimum > 0 || capBinds);
            limited.Add(capBinds);
            capOnly.Add(capBinds && minimum == 0);
        }

        RejectDuplicateIds(needs.Select(n => n.Id), "need");
        RejectDuplicateIds(pledges.Select(p => p.Id), "pledge");
        var forbidden = ForbiddenByIndex(problem.ForbiddenPairs, needs, pledges);
        foreach (var (pledge, _) in forbidden)
        {
            direct[pledge] = limited[pledge] = true;
            capOnly[pledge] = false;
        }

        return new PreparedProblem
        {
            Needs = needs,
            NeedWeights = needs.Select(n => (long)weights.Of(n.Priority)).ToArray(),
            Pledges = pledges,
            PledgeMinimums = minimums.ToArray(),
            PledgePairCaps = caps.ToArray(),
            PledgeHasDirectArcs = direct.ToArray(),
            PledgeHasPairLimits = limited.ToArray(),
            PledgeCapOnly = capOnly.ToArray(),
            ForbiddenPairs = forbidden,
        };
    }

    // Largest amount pledge p may give need n in one allocation, or 0 when its minimum cannot fit or the
    // pair is forbidden.
    public long PairCap(int pledge, int need)
    {
        if (ForbiddenPairs.Contains((pledge, need)))
        {
            return 0;
        }

        var cap = Math.Min(PledgePairCaps[pledge], Needs[need].RemainingUsdCents);
        return cap >= PledgeMinimums[pledge] ? cap : 0;
    }

    private static HashSet<(int Pledge, int Need)> ForbiddenByIndex(
        IReadOnlySet<(string NeedId, string PledgeId)> pairs, List<NeedInput> needs, List<PledgeInput> pledges)
    {
        var result = new HashSet<(int Pledge, int Need)>();
        if (pairs.Count == 0)
        {
            return result;
        }

        var needIndex = needs.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var pledgeIndex = pledges.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var (needId, pledgeId) in pairs)
        {
            if (needIndex.TryGetValue(needId, out var need) && pledgeIndex.TryGetValue(pledgeId, out var pledge))
            {
                result.Add((pledge, need));
            }
        }

        return result;
    }

    private static void RejectDuplicateIds(IEnumerable<string> ids, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw new ArgumentException($"Duplicate {kind} id '{id}': allocations could not be told apart.");
            }
        }
    }
}
