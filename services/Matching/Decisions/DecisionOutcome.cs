namespace Marketplace.Matching.Decisions;

/// <summary>How a decision on a match ended, as the HTTP layer reports it.</summary>
public enum DecisionOutcome
{
    Decided,
    NotFound,
    /// <summary>The chair's own organisation is a party to the match: the secretariat decides it.</summary>
    Recused,
    /// <summary>The caller holds the chair role but not the chair term in force now.</summary>
    OutOfTerm,
    /// <summary>A Fund pledge's proposal: the fund manager and the secretariat decide it, not the chair.</summary>
    FundProposal,
    /// <summary>The fund manager asked to decide a proposal that is not funded by the Fund.</summary>
    NotTheFundsProposal,
    NotADecider,
    NotProposed,
    WouldOverAllocate,
    DependencyUnavailable,
}
