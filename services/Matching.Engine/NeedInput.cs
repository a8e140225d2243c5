namespace Marketplace.Matching.Engine;

/// <summary>
/// A need still open for funding, in USD cents. Approved allocations are already subtracted
/// from <paramref name="RemainingUsdCents"/> by the host, so they are frozen here.
/// </summary>
public sealed record NeedInput(
    string Id,
    string Country,
    string Sector,
    IReadOnlySet<string> Instruments,
    Priority Priority,
    long RemainingUsdCents,
    DateOnly? StartDate,
    DateOnly? EndDate);
