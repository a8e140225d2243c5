using Marketplace.Matching.Domain;
using Marketplace.Matching.Rounds;

namespace Marketplace.Matching.IntegrationTests.Rounds;

// A round converts for the engine only what changed since the last one: the same view, remainder and rate give the same input.
public sealed class EngineInputsTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    private static FxTable Fx(decimal eurUsd) => new(new Dictionary<string, FxRate>
    {
        ["USD"] = new("USD", 1m, AsOf, "test", 1),
        ["EUR"] = new("EUR", eurUsd, AsOf, "test", 1),
    });

    [Fact]
    public void Need_IsConvertedAgainOnlyWhenItsViewRemainderOrRateChanged()
    {
        var inputs = new EngineInputs();
        var view = new NeedView("need_1", "SV", "health", "A need", ["grant", "loan"], "critical", 100_000, 0, "EUR", "open", null, null, 1);

        var first = inputs.Need(view, 100_000, Fx(1.1m));
        Assert.Same(first, inputs.Need(view, 100_000, Fx(1.1m)));

        var smaller = inputs.Need(view, 40_000, Fx(1.1m));
        Assert.Equal((110_000L, 44_000L), (first.RemainingUsdCents, smaller.RemainingUsdCents));
        Assert.Same(first.Instruments, smaller.Instruments);

        Assert.Equal(48_000L, inputs.Need(view, 40_000, Fx(1.2m)).RemainingUsdCents);
        var replaced = inputs.Need(view with { Priority = "low", Version = 2 }, 40_000, Fx(1.2m));
        Assert.Equal(Marketplace.Matching.Engine.Priority.Low, replaced.Priority);
    }

    [Fact]
    public void Pledge_KeepsItsBoundsInUsd_AndFollowsItsRemainder()
    {
        var inputs = new EngineInputs();
        var view = new PledgeView("pledge_1", "EU", "A pledge", "grant", ["SV"], [], 500_000, 0, "EUR", 1_000, 200_000, null, null, "open", 1);

        var first = inputs.Pledge(view, 500_000, Fx(1.1m));
        Assert.Equal((550_000L, 1_100L, 220_000L), (first.RemainingUsdCents, first.MinAllocationUsdCents!.Value, first.MaxAllocationUsdCents!.Value));
        Assert.Same(first, inputs.Pledge(view, 500_000, Fx(1.1m)));

        var after = inputs.Pledge(view, 300_000, Fx(1.1m));
        Assert.Equal((330_000L, 1_100L), (after.RemainingUsdCents, after.MinAllocationUsdCents!.Value));
        Assert.Same(first.Countries, after.Countries);

        inputs.Clear();
        Assert.NotSame(after, inputs.Pledge(view, 300_000, Fx(1.1m)));
    }
}
