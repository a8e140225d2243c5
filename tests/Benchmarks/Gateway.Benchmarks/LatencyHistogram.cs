namespace Marketplace.Gateway.Benchmarks;

/// <summary>
/// HdrHistogram-style log-linear buckets of microseconds: exact below 128 µs, then 64 sub-buckets per
/// power of two (≤ 1.6 % relative error). Recording is an array increment, so it costs the load loop nothing.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private readonly long[] _counts = new long[64 * SubBuckets + 2 * SubBuckets];

    public long Count { get; private set; }

    public void RecordMicroseconds(long value)
    {
        _counts[IndexOf(Math.Max(0, value))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100) in milliseconds (bucket midpoint).</summary>
    public double PercentileMs(double percentile)
    {
        if (Count == 0) return double.NaN;
        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank)) return MidpointOf(i) / 1000.0;
        }
        return MidpointOf(_counts.Length - 1) / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets) return (int)value;
        var shift = 63 - (int)long.LeadingZeroCount(value) - 6;
        return shift * SubBuckets + (int)(value >> shift);
    }

    private static double MidpointOf(int index)
    {
        if (index < 2 * SubBuckets) return index;
        var shift = index / SubBuckets - 1;
        var sub = index - shift * SubBuckets;
        return ((long)sub << shift) + ((1L << shift) - 1) / 2.0;
    }
}
