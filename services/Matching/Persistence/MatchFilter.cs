namespace Marketplace.Matching.Persistence;

/// <summary>The list filters of <c>GET /api/v1/matches</c> (null means "any") and the order the list is read in.</summary>
public sealed record MatchFilter(string? Status, string? NeedId, string? PledgeId, string? Country, string? Donor,
    string? Sector = null, string? Instrument = null)
{
    public MatchOrder Order { get; init; } = MatchOrder.Default;
}
