namespace Marketplace.Matching.Domain;

/// <summary>The MIRPS Fund's portfolio in one country or sector: referred needs, what they request, and the Fund's proposals and approvals for them (USD).</summary>
public sealed record FundRow(string Key, int ReferredNeeds, decimal RequestedUsd, decimal ProposedUsd, decimal ApprovedUsd);
