namespace Marketplace.Matching.Domain;

/// <summary>Match lifecycle: proposed → approved | rejected | superseded; only a proposal can be decided.</summary>
public static class MatchStatus
{
    public const string Proposed = "proposed";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Superseded = "superseded";
}
