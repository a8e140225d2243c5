namespace Marketplace.Needs.Persistence;

/// <summary>The list filters of <c>GET /api/v1/needs</c>; null means "any".</summary>
public sealed record NeedFilter(string? Country, string? Sector, string? Status);
