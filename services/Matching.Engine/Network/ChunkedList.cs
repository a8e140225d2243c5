using System.Collections;

namespace Marketplace.Matching.Engine.Network;

// An append-only list stored in fixed-size chunks. The network's arc lists reach millions of entries on large
// markets; a List<T> would copy them at every doubling and leave each outgrown array to the garbage collector (as
// much garbage as the final list, plus up to the same again in unused capacity), which is what the process's peak
// working set measured. Chunks are never copied and waste at most one chunk.
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _chunks[index >> ChunkBits][index & ChunkMask];
        }
    }

    public void Add(T item)
    {
        if ((Count & ChunkMask) == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[Count >> ChunkBits][Count & ChunkMask] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var index = 0; index < Count; index++)
        {
            yield return _chunks[index >> ChunkBits][index & ChunkMask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
