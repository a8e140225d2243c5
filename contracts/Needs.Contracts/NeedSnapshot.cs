namespace Marketplace.Needs.Contracts;

/// <summary>
/// The state of a need after a change, as carried by every need event. Consumers keep the snapshot with
/// the highest <see cref="Version"/>, which makes redelivered and reordered events harmless.
/// </summary>
public sealed record NeedSnapshot(
    string Id,
    string Country,
    string Sector,
    string Title,
    IReadOnlyList<string> Instruments,
    string Priority,
    decimal Amount,
    decimal Funded,
    string Currency,
    string Status,
    DateOnly? StartDate,
    DateOnly? EndDate,
    long Version,
    DateTimeOffset UpdatedAt,
    NeedReferral? Referral = null);
