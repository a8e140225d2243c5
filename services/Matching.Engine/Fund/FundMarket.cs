namespace Marketplace.Matching.Engine.Fund;

/// <summary>
/// Which pledges of a round are the MIRPS Fund's and which needs are referred to it: Fund pledges may
/// fund referred needs only, and only what bilateral pledges leave (see <see cref="LexicographicMatching"/>).
/// </summary>
public sealed record FundMarket(IReadOnlySet<string> FundPledgeIds, IReadOnlySet<string> ReferredNeedIds)
{
    public static readonly FundMarket None = new(new HashSet<string>(), new HashSet<string>());
}
