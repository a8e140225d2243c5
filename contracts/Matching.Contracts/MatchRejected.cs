namespace Marketplace.Matching.Contracts;

/// <summary>The chair or secretariat rejected a proposal, with the reason given.</summary>
public sealed record MatchRejected(
    string MatchId, string NeedId, string PledgeId, string Country, string Donor,
    string Reason, string DecidedBy, string DecidedByOrg, DateTimeOffset DecidedAt);
