namespace Marketplace.Matching.Engine;

/// <summary>
/// A pledge with money still unallocated, in USD cents. Empty <paramref name="Countries"/> or
/// <paramref name="Sectors"/> mean the pledge is unearmarked on that axis.
/// <paramref name="MaxAllocationUsdCents"/> caps each single pledge→need allocation;
/// <paramref name="MinAllocationUsdCents"/> is the smallest nonzero allocation the donor accepts.
/// </summary>
public sealed record PledgeInput(
    string Id,
    IReadOnlySet<string> Countries,
    IReadOnlySet<string> Sectors,
    string Instrument,
    long RemainingUsdCents,
    long? MinAllocationUsdCents,
    long? MaxAllocationUsdCents,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil);
