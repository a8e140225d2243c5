using Marketplace.Contracts;

namespace Marketplace.Pledges.Domain;

/// <summary>The fields a donor writes: a validated create request, or a pledge merged with a patch.</summary>
public sealed record PledgeDraft(
    string Title,
    string? Description,
    Money Amount,
    string Instrument,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Sectors,
    Money? MinAllocation,
    Money? MaxAllocation,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    string? Conditions);
