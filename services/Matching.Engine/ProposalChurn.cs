namespace Marketplace.Matching.Engine;

/// <summary>
/// Churn of a round = allocations proposed now with no identical (need, pledge, amount) allocation among last
/// round's proposals, plus last round's proposals with no identical allocation now: the size of the
/// symmetric difference of the two multisets. An amount change on a kept pair therefore counts 2 (one
/// withdrawn, one new), which is what a chair sees: the old proposal is superseded by a new one.
/// </summary>
public static class ProposalChurn
{
    public static int Count(IReadOnlyList<Allocation> current, IReadOnlyList<Allocation> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var unmatchedPrevious = new Dictionary<Allocation, int>();
        foreach (var allocation in previous)
        {
            unmatchedPrevious[allocation] = unmatchedPrevious.GetValueOrDefault(allocation) + 1;
        }

        var newOnes = 0;
        foreach (var allocation in current)
        {
            if (unmatchedPrevious.TryGetValue(allocation, out var count) && count > 0)
            {
                unmatchedPrevious[allocation] = count - 1;
            }
            else
            {
                newOnes++;
            }
        }

        return newOnes + unmatchedPrevious.Values.Sum();
    }
}
