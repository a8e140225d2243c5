namespace Marketplace.Matching.Domain;

/// <summary>Requested, proposed and approved funding of one country or sector (or in total), in USD.</summary>
public sealed record CoverageRow(string Key, decimal RequestedUsd, decimal ProposedUsd, decimal ApprovedUsd)
{
    public decimal GapUsd => Math.Max(0, RequestedUsd - ApprovedUsd);
}
