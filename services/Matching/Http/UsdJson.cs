using System.Globalization;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Http;

/// <summary>USD figures as API.md writes them: decimal strings with two decimals.</summary>
public static class UsdJson
{
    public static string Format(decimal usd) => usd.ToString("F2", CultureInfo.InvariantCulture);

    public static object Row(CoverageRow row) => new
    {
        requestedUsd = Format(row.RequestedUsd),
        proposedUsd = Format(row.ProposedUsd),
        approvedUsd = Format(row.ApprovedUsd),
        gapUsd = Format(row.GapUsd),
        committedUsd = Format(row.CommittedUsd),
        disbursedUsd = Format(row.DisbursedUsd),
    };
}
