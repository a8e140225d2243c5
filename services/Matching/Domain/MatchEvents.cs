using Marketplace.Matching.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>The events a proposal's life publishes, built from the match in one place.</summary>
public static class MatchEvents
{
    /// <summary>A new proposal: queued in the same transaction that inserts it, once (a chunk written again adds nothing).</summary>
    public static MatchProposed Proposed(Match m) => new(m.Id, m.NeedId, m.PledgeId, m.Country, m.Donor, m.Sector,
        m.Amount.Amount, m.Amount.Currency, m.NeedAmount.Amount, m.NeedAmount.Currency, m.RoundId, m.ProposedAt);
}
