namespace Marketplace.Matching.Engine.UnitTests.Support;

// Checks every rule of API.md's "Matching" section on a result, independently of the engine.
internal static class FeasibilityAssert
{
    public static void Holds(MatchingProblem problem, MatchingResult result, PriorityWeights weights)
    {
        var needs = problem.Needs.ToDictionary(n => n.Id);
        var pledges = problem.Pledges.ToDictionary(p => p.Id);
        var pairs = new HashSet<(string, string)>();
        long objective = 0;
        foreach (var allocation in result.Allocations)
        {
            var need = needs[allocation.NeedId];
            var pledge = pledges[allocation.PledgeId];
            Assert.True(pairs.Add((need.Id, pledge.Id)), $"pair {need.Id}/{pledge.Id} allocated twice");
            Assert.True(problem.Allows(need, pledge), $"{pledge.Id} may not fund {need.Id}");
            Assert.True(allocation.AmountUsdCents > 0, "zero allocation");
            Assert.True(allocation.AmountUsdCents >= (pledge.MinAllocationUsdCents ?? 0), $"{pledge.Id}→{need.Id} below minimum");
            Assert.True(allocation.AmountUsdCents <= (pledge.MaxAllocationUsdCents ?? long.MaxValue), $"{pledge.Id}→{need.Id} above maximum");
            objective += weights.Of(need.Priority) * allocation.AmountUsdCents;
        }

        foreach (var group in result.Allocations.GroupBy(a => a.NeedId))
        {
            Assert.True(group.Sum(a => a.AmountUsdCents) <= needs[group.Key].RemainingUsdCents, $"need {group.Key} overfunded");
        }

        foreach (var group in result.Allocations.GroupBy(a => a.PledgeId))
        {
            Assert.True(group.Sum(a => a.AmountUsdCents) <= pledges[group.Key].RemainingUsdCents, $"pledge {group.Key} overallocated");
        }

        Assert.Equal(objective, result.WeightedObjective);
        Assert.Equal(result.Allocations.Sum(a => a.AmountUsdCents), result.FundedUsdCents);
    }
}
