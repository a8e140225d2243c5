using Marketplace.Contracts;
using Marketplace.Needs.Domain;

namespace Marketplace.UnitTests;

public sealed class NeedStatusTests
{
    [Theory]
    [InlineData(false, 0, 1000, "open")]
    [InlineData(false, 1, 1000, "partially-funded")]
    [InlineData(false, 999, 1000, "partially-funded")]
    [InlineData(false, 1000, 1000, "funded")]
    [InlineData(false, 1200, 1000, "funded")]
    [InlineData(true, 0, 1000, "withdrawn")]
    [InlineData(true, 500, 1000, "withdrawn")]
    [InlineData(true, 1000, 1000, "withdrawn")]
    public void Derive_FundedAndWithdrawn_GivesStatus(bool withdrawn, long funded, long amount, string expected)
    {
        var status = NeedStatus.Derive(withdrawn, funded, amount);

        Assert.Equal(expected, status);
        Assert.Contains(Codelists.NeedStatuses, s => s.Code == status);
    }

    [Theory]
    [InlineData(false, 0, 1000, "1000")]
    [InlineData(false, 400, 1000, "600")]
    [InlineData(false, 1200, 1000, "0")]
    [InlineData(true, 400, 1000, "0")]
    public void Remaining_OfNeed_IsWhatIsLeftUnlessWithdrawn(bool withdrawn, long funded, long amount, string expected)
    {
        var fields = new NeedDraft("GT", "t", null, "health", new Money(amount, "JPY"), ["grant"], "high", null, null, null, null, null);
        var need = new Need("need_1", fields, funded, withdrawn, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

        Assert.Equal(expected, need.Remaining.AmountString);
        Assert.Equal(need.Status is NeedStatus.Open or NeedStatus.PartiallyFunded, need.CanReceiveFunding);
    }
}
