namespace Marketplace.Matching.Engine;

/// <summary>
/// API.md's rule for whether a pledge may fund a need. Withdrawn and fully funded items never reach the
/// engine, so only earmarks, instrument and dates are checked here.
/// </summary>
public static class Eligibility
{
    public static bool IsEligible(NeedInput need, PledgeInput pledge)
    {
        ArgumentNullException.ThrowIfNull(need);
        ArgumentNullException.ThrowIfNull(pledge);
        return (pledge.Countries.Count == 0 || pledge.Countries.Contains(need.Country))
            && (pledge.Sectors.Count == 0 || pledge.Sectors.Contains(need.Sector))
            && need.Instruments.Contains(pledge.Instrument)
            && WindowsOverlap(need.StartDate, need.EndDate, pledge.AvailableFrom, pledge.AvailableUntil);
    }

    /// <summary>
    /// Closed windows [needStart, needEnd] and [availableFrom, availableUntil] overlap. A missing bound is
    /// open, so each of the two comparisons applies only where both of its dates are given.
    /// </summary>
    public static bool WindowsOverlap(DateOnly? needStart, DateOnly? needEnd, DateOnly? availableFrom, DateOnly? availableUntil)
    {
        var needStartsInTime = needStart is not { } start || availableUntil is not { } until || start <= until;
        var pledgeStartsInTime = availableFrom is not { } from || needEnd is not { } end || from <= end;
        return needStartsInTime && pledgeStartsInTime;
    }
}
