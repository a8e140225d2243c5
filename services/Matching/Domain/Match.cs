using Marketplace.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>
/// A proposal that pledge P funds need N with <see cref="Amount"/> (pledge currency), equal to
/// <see cref="NeedAmount"/> (need currency) at <see cref="FxRate"/> need units per pledge unit.
/// <see cref="UsdCents"/> is the amount the engine allocated, kept so that an unchanged allocation is
/// recognised exactly in the next round.
/// </summary>
public sealed record Match(
    string Id, string NeedId, string PledgeId, string Country, string Donor, string Sector, string Instrument,
    Money Amount, Money NeedAmount, decimal FxRate, double Score, IReadOnlyList<MatchReason> Reasons, string Status,
    DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string RoundId, long UsdCents, long Version);
