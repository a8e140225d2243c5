using Marketplace.Matching.Engine.Network;

namespace Marketplace.Matching.Engine.UnitTests;

public sealed class ChunkedListTests
{
    [Fact]
    public void Add_AcrossSeveralChunks_IndexesAndEnumeratesInOrder()
    {
        var list = new ChunkedList<long>();
        const int count = (3 << 16) + 5;
        for (var i = 0; i < count; i++)
        {
            list.Add(i * 3L);
        }

        Assert.Equal(count, list.Count);
        Assert.Equal(0, list[0]);
        Assert.Equal(((1 << 16) - 1) * 3L, list[(1 << 16) - 1]);
        Assert.Equal((1 << 16) * 3L, list[1 << 16]);
        Assert.Equal((count - 1) * 3L, list[count - 1]);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 3L), list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
