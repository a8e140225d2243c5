namespace Marketplace.Matching.Engine.UnitTests;

public sealed class ProposalChurnTests
{
    [Fact]
    public void Count_SameProposals_IsZero()
    {
        Allocation[] proposals = [new("N1", "P1", 100), new("N2", "P1", 50)];

        Assert.Equal(0, ProposalChurn.Count(proposals, [.. proposals.Reverse()]));
    }

    [Fact]
    public void Count_AmountChangedOnKeptPair_CountsOldAndNew()
    {
        Assert.Equal(2, ProposalChurn.Count([new("N1", "P1", 60)], [new("N1", "P1", 100)]));
    }

    [Fact]
    public void Count_OneAddedOneDisappeared_CountsBoth()
    {
        Allocation[] previous = [new("N1", "P1", 100), new("N2", "P2", 10)];
        Allocation[] current = [new("N1", "P1", 100), new("N3", "P2", 10)];

        Assert.Equal(2, ProposalChurn.Count(current, previous));
    }
}
