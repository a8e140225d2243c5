namespace Marketplace.Matching.Contracts;

/// <summary>
/// A matching round proposed that pledge <see cref="PledgeId"/> funds need <see cref="NeedId"/> (published once
/// per new proposal, in the same transaction as the round). <see cref="Amount"/> is in the pledge's currency,
/// <see cref="NeedAmount"/> in the need's. A <see cref="Donor"/> of <c>MIRPS-FUND</c> marks a Fund proposal.
/// </summary>
public sealed record MatchProposed(
    string MatchId, string NeedId, string PledgeId, string Country, string Donor, string Sector,
    decimal Amount, string Currency, decimal NeedAmount, string NeedCurrency, string RoundId, DateTimeOffset ProposedAt);
