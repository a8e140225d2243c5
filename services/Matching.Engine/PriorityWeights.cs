namespace Marketplace.Matching.Engine;

/// <summary>Objective weight per need priority: one USD cent to a critical need counts 8× one to a low need.</summary>
public sealed class PriorityWeights
{
    public int Critical { get; init; } = 8;
    public int High { get; init; } = 4;
    public int Medium { get; init; } = 2;
    public int Low { get; init; } = 1;

    public int Of(Priority priority) => priority switch
    {
        Priority.Critical => Critical,
        Priority.High => High,
        Priority.Medium => Medium,
        Priority.Low => Low,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority."),
    };

    // Weights enter the solvers as arc costs and objective coefficients; an upper bound keeps weight × total
    // supply far from int64's range.
    internal const int MaxWeight = 1_000_000;

    internal void Validate()
    {
        foreach (var priority in Enum.GetValues<Priority>())
        {
            var weight = Of(priority);
            if (weight is < 1 or > MaxWeight)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(PriorityWeights), weight, $"Weight of {priority} must be in 1..{MaxWeight}.");
            }
        }
    }
}
