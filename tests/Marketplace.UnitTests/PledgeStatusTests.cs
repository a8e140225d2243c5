using Marketplace.Contracts;
using Marketplace.Pledges.Domain;

namespace Marketplace.UnitTests;

public sealed class PledgeStatusTests
{
    [Theory]
    [InlineData(false, 0, 1000, "open")]
    [InlineData(false, 1, 1000, "partially-allocated")]
    [InlineData(false, 999, 1000, "partially-allocated")]
    [InlineData(false, 1000, 1000, "fully-allocated")]
    [InlineData(true, 0, 1000, "withdrawn")]
    [InlineData(true, 1000, 1000, "withdrawn")]
    public void Derive_AllocatedAndWithdrawn_GivesStatus(bool withdrawn, long allocated, long amount, string expected)
    {
        var status = PledgeStatus.Derive(withdrawn, allocated, amount);

        Assert.Equal(expected, status);
        Assert.Contains(Codelists.PledgeStatuses, s => s.Code == status);
    }

    [Theory]
    [InlineData(false, 250, 1000, "7.50")]
    [InlineData(true, 250, 1000, "0.00")]
    public void Remaining_OfPledge_IsWhatIsLeftUnlessWithdrawn(bool withdrawn, long allocated, long amount, string expected)
    {
        var fields = new PledgeDraft("t", null, new Money(amount, "USD"), "grant", [], [], null, null, null, null, null);
        var pledge = new Pledge("pledge_1", "EU", fields, allocated, withdrawn, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

        Assert.Equal(expected, pledge.Remaining.AmountString);
        Assert.Equal(withdrawn ? "withdrawn" : "partially-allocated", pledge.Status);
    }
}
