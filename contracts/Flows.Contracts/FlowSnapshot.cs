namespace Marketplace.Flows.Contracts;

/// <summary>
/// The state of a flow (the money trail of one approved match) after a change, as carried by every flow
/// event. Pledge-side amounts are in <see cref="Currency"/>; need-side totals in <see cref="NeedCurrency"/>,
/// converted on totals with the match's rate. Consumers keep the snapshot with the highest
/// <see cref="Version"/>, which makes redelivered and reordered events harmless.
/// </summary>
public sealed record FlowSnapshot(
    string Id,
    string MatchId,
    string NeedId,
    string PledgeId,
    string Country,
    string Donor,
    string Currency,
    decimal Approved,
    decimal Committed,
    decimal Disbursed,
    string NeedCurrency,
    decimal NeedApproved,
    decimal NeedCommitted,
    decimal NeedDisbursed,
    string Status,
    long Version,
    DateTimeOffset UpdatedAt);
