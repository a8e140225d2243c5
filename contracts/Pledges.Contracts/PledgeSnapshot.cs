namespace Marketplace.Pledges.Contracts;

/// <summary>
/// The state of a pledge after a change, as carried by every pledge event. Consumers keep the snapshot
/// with the highest <see cref="Version"/>, which makes redelivered and reordered events harmless.
/// </summary>
public sealed record PledgeSnapshot(
    string Id,
    string Donor,
    string Title,
    string Instrument,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Sectors,
    decimal Amount,
    decimal Allocated,
    string Currency,
    decimal? MinAllocation,
    decimal? MaxAllocation,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    string Status,
    long Version,
    DateTimeOffset UpdatedAt);
