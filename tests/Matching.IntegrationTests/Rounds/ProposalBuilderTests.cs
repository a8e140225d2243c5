using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Rounds;

namespace Marketplace.Matching.IntegrationTests.Rounds;

// API.md's rounding rule: a full cover carries the gap exactly, and no proposal leaves conversion dust.
public sealed class ProposalBuilderTests
{
    private static readonly FxTable Fx = new(Currencies.All.ToDictionary(
        c => c.Code, c => new FxRate(c.Code, c.DefaultUsdPerUnit, c.AsOf, c.Source, 1)));

    private readonly ProposalBuilder _builder = new(Fx, new PriorityWeights(), DateTimeOffset.UnixEpoch, "round-1");

    [Fact]
    public void Build_CadPledgeCoversCrcNeed_CarriesTheGapExactly()
    {
        // The demo's Canadian pledge and Costa Rica's asylum need: 350,000,000.00 CRC requested.
        var need = Need("CRC", 35_000_000_000);
        var pledge = Pledge("CAD", 500_000_000);
        var needUsd = Fx.ToUsdCentsFloor(need.AmountMinor, "CRC");

        var match = _builder.Build(need, pledge, needUsd, need.AmountMinor, pledge.AmountMinor)!;

        Assert.Equal(35_000_000_000, match.NeedAmount.Minor);
        // The smallest CAD amount that converts to the whole gap: one cent less would leave the need short.
        Assert.True(FxTable.Convert(match.Amount.Minor, "CAD", match.FxRate, "CRC") >= 35_000_000_000);
        Assert.True(FxTable.Convert(match.Amount.Minor - 1, "CAD", match.FxRate, "CRC") < 35_000_000_000);
        Assert.Contains(match.Reasons, r => r.Text.StartsWith("Covers 100% of the need (350000000.00 of 350000000.00 CRC", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SameCurrencyPartialCover_NeverSnapsTheNeedPastTheAmount()
    {
        var need = Need("USD", 10_000);
        var pledge = Pledge("USD", 9_999);

        var match = _builder.Build(need, pledge, 9_999, need.AmountMinor, pledge.AmountMinor)!;

        Assert.Equal(9_999, match.Amount.Minor);
        Assert.Equal(9_999, match.NeedAmount.Minor);
    }

    [Fact]
    public void Build_PledgeRemainderWorthLessThanOneNeedMinorUnit_GoesWithTheAllocation()
    {
        // 1 CRC cent is worth 0.000027 CAD: a CRC pledge that leaves 1 CRC cent behind in a CAD need takes it along.
        var need = Need("CAD", 1_000_000_00);
        var pledge = Pledge("CRC", 1_000_000_01);
        var usd = Fx.ToUsdCentsFloor(1_000_000_00, "CRC");

        var match = _builder.Build(need, pledge, usd, need.AmountMinor, pledge.AmountMinor)!;

        Assert.Equal(1_000_000_01, match.Amount.Minor);
    }

    [Fact]
    public void Build_RandomFullCoversAcrossCurrencies_LeaveNoDustOnEitherSide()
    {
        var random = new Random(20261129);
        var codes = Currencies.All.Select(c => c.Code).ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            var need = Need(codes[random.Next(codes.Length)], random.NextInt64(1, 1_000_000_000_000));
            var pledge = Pledge(codes[random.Next(codes.Length)], random.NextInt64(1, 1_000_000_000_000));
            var needUsd = Fx.ToUsdCentsFloor(need.AmountMinor, need.Currency);
            var pledgeUsd = Fx.ToUsdCentsFloor(pledge.AmountMinor, pledge.Currency);
            var usd = Math.Min(needUsd, pledgeUsd);
            var context = $"#{i}: {pledge.AmountMinor} {pledge.Currency} → {need.AmountMinor} {need.Currency}, {usd} US cents";

            var match = _builder.Build(need, pledge, usd, need.AmountMinor, pledge.AmountMinor);
            if (match is null)
            {
                Assert.True(usd == 0 || FxTable.Convert(1, pledge.Currency, Fx.CrossRate(pledge.Currency, need.Currency), need.Currency) == 0, context);
                continue;
            }

            Assert.InRange(match.Amount.Minor, 1, pledge.AmountMinor);
            Assert.InRange(match.NeedAmount.Minor, 1, need.AmountMinor);
            var needLeft = need.AmountMinor - match.NeedAmount.Minor;
            var pledgeLeft = pledge.AmountMinor - match.Amount.Minor;
            // Whichever side the engine exhausted is exhausted exactly; the other keeps a usable remainder.
            if (usd == needUsd)
            {
                Assert.True(needLeft == 0, $"{context}: need left with {needLeft}");
            }
            if (usd == pledgeUsd && usd < needUsd)
            {
                Assert.True(pledgeLeft == 0, $"{context}: pledge left with {pledgeLeft}");
            }
            Assert.True(needLeft == 0 || needLeft >= FxTable.MinorUnitValue(pledge.Currency, match.FxRate, need.Currency), $"{context}: need dust {needLeft}");
        }
    }

    private static NeedView Need(string currency, long amountMinor) => new(
        "need-1", "CR", "asylum-systems", "Asylum", ["grant"], "critical", amountMinor, 0, currency, "open", null, null, 1);

    private static PledgeView Pledge(string currency, long amountMinor) => new(
        "pledge-1", "CA", "Canada", "grant", [], [], amountMinor, 0, currency, null, null, null, null, "open", 1);
}
