namespace Marketplace.Matching.Persistence;

/// <summary>The list filters of <c>GET /api/v1/matches</c>; null means "any".</summary>
public sealed record MatchFilter(string? Status, string? NeedId, string? PledgeId, string? Country, string? Donor);
