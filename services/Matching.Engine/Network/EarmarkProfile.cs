namespace Marketplace.Matching.Engine.Network;

// Everything a pledge's eligibility depends on. Pledges with equal profiles are eligible for exactly the
// same needs, so they can share one node: unearmarked pledges then cost one arc each instead of one arc
// per need class.
internal readonly record struct EarmarkProfile(string Instrument, string Countries, string Sectors, DateOnly? From, DateOnly? Until)
{
    // A separator that cannot occur in ISO country codes or sector slugs keeps joined sets unambiguous.
    private const char Separator = '\u001f';

    public static EarmarkProfile Of(PledgeInput pledge) => new(
        pledge.Instrument,
        string.Join(Separator, pledge.Countries.Order(StringComparer.Ordinal)),
        string.Join(Separator, pledge.Sectors.Order(StringComparer.Ordinal)),
        pledge.AvailableFrom,
        pledge.AvailableUntil);
}
