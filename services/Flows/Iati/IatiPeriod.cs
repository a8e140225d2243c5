namespace Marketplace.Flows.Iati;

/// <summary>The <c>from</c>/<c>until</c> filter of the IATI export: inclusive dates, either open.</summary>
public sealed record IatiPeriod(DateOnly? From, DateOnly? Until)
{
    public bool Contains(DateOnly date) => (From is null || From <= date) && (Until is null || date <= Until);
}
