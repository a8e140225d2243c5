namespace Marketplace.Flows.Persistence;

/// <summary>The list filters of <c>GET /api/v1/flows</c>; null means "any".</summary>
public sealed record FlowFilter(string? Country, string? Donor, string? Status, string? NeedId, string? PledgeId);
