using Marketplace.Contracts;

namespace Marketplace.Needs.Domain;

/// <summary>The fields a member state writes: a validated create request, or a need merged with a patch.</summary>
public sealed record NeedDraft(
    string Country,
    string Title,
    string? Description,
    string Sector,
    Money Amount,
    IReadOnlyList<string> Instruments,
    string Priority,
    long? TargetPopulation,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Location,
    string? Reference);
