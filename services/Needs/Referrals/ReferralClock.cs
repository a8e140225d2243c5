namespace Marketplace.Needs.Referrals;

/// <summary>
/// The referral job's clock: the system clock, moved forward only by a test system's clock control
/// (<see cref="Options.ReferralOptions.ClockControl"/>), so that an end-to-end test sees a need fall due
/// without waiting for days. The rest of the service keeps the real time.
/// </summary>
public sealed class ReferralClock(TimeProvider system) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Sets how far ahead of the system clock this clock runs (zero: the real time again).</summary>
    public void SetOffset(TimeSpan offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, TimeSpan.Zero);
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
    }
}
