using Marketplace.Contracts;
using Marketplace.Flows.Domain;

namespace Marketplace.Flows.Persistence;

/// <summary>
/// A flow as stored: the MongoDB document, and the JSON body of the SQLite row. Money stays integer minor
/// units (exact); <c>status</c>, <c>committedMinor</c>, <c>disbursedMinor</c> and <c>releasePending</c> are
/// derived, stored so that lists and the release recovery can filter on them.
/// </summary>
public sealed record FlowDocument(
    string Id, string MatchId, string NeedId, string PledgeId, string Country, string Donor, string Currency, long ApprovedMinor,
    string NeedCurrency, long NeedApprovedMinor, decimal FxRate, FlowDocument.CommitmentPart? Commitment,
    FlowDocument.DisbursementPart[] Disbursements, FlowDocument.CancellationPart? Cancellation, long CommittedMinor, long DisbursedMinor,
    bool ReleasePending, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version,
    [property: System.Text.Json.Serialization.JsonIgnore] long Seq = 0)
{
    public sealed record CommitmentPart(DateOnly SignedOn, string Reference, long AmountMinor, string By, DateTimeOffset At);

    public sealed record DisbursementPart(string Id, DateOnly Date, long AmountMinor, string Reference, string By, DateTimeOffset RecordedAt,
        DateTimeOffset? ReceivedAt, string? ReceivedBy);

    public sealed record CancellationPart(string Reason, string By, string ByOrg, DateTimeOffset At, long ReleasedMinor, long NeedReleasedMinor,
        DateTimeOffset? ReleasedAt);

    public static FlowDocument From(Flow f) => new(
        f.Id, f.MatchId, f.NeedId, f.PledgeId, f.Country, f.Donor, f.Approved.Currency, f.Approved.Minor, f.NeedApproved.Currency,
        f.NeedApproved.Minor, f.FxRate,
        f.Commitment is { } c ? new CommitmentPart(c.SignedOn, c.Reference, c.Amount.Minor, c.By, c.At) : null,
        [.. f.Disbursements.Select(d => new DisbursementPart(d.Id, d.Date, d.Amount.Minor, d.Reference, d.By, d.RecordedAt, d.ReceivedAt, d.ReceivedBy))],
        f.Cancellation is { } x ? new CancellationPart(x.Reason, x.By, x.ByOrg, x.At, x.Released.Minor, x.NeedReleased.Minor, x.ReleasedAt) : null,
        f.Committed.Minor, f.Disbursed.Minor, f.ReleasePending, f.Status, f.CreatedAt, f.UpdatedAt, f.Version);

    public Flow ToFlow() => new(
        Id, MatchId, NeedId, PledgeId, Country, Donor, new Money(ApprovedMinor, Currency), new Money(NeedApprovedMinor, NeedCurrency), FxRate,
        Commitment is { } c ? new FlowCommitment(c.SignedOn, c.Reference, new Money(c.AmountMinor, Currency), c.By, c.At) : null,
        [.. Disbursements.Select(d => new Disbursement(d.Id, d.Date, new Money(d.AmountMinor, Currency), d.Reference, d.By, d.RecordedAt,
            d.ReceivedAt, d.ReceivedBy))],
        Cancellation is { } x
            ? new FlowCancellation(x.Reason, x.By, x.ByOrg, x.At, new Money(x.ReleasedMinor, Currency), new Money(x.NeedReleasedMinor, NeedCurrency),
                x.ReleasedAt)
            : null,
        CreatedAt, UpdatedAt, Version);
}
