namespace Marketplace.Matching.Domain;

/// <summary>
/// Requested, proposed and approved funding of one country or sector (or in total), and what the flows of
/// the approvals committed and disbursed, in USD.
/// </summary>
public sealed record CoverageRow(string Key, decimal RequestedUsd, decimal ProposedUsd, decimal ApprovedUsd, decimal CommittedUsd,
    decimal DisbursedUsd)
{
    public decimal GapUsd => Math.Max(0, RequestedUsd - ApprovedUsd);
}
