namespace Marketplace.Pledges.Persistence;

/// <summary>The list filters of <c>GET /api/v1/pledges</c>; null means "any".</summary>
public sealed record PledgeFilter(string? Donor, string? Country, string? Sector, string? Instrument, string? Status);
