namespace Marketplace.Matching.Decisions;

/// <summary>How a decision on a match ended, as the HTTP layer reports it.</summary>
public enum DecisionOutcome
{
    Decided,
    NotFound,
    Recused,
    NotProposed,
    WouldOverAllocate,
    DependencyUnavailable,
}
