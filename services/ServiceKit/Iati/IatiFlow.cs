namespace Marketplace.ServiceKit.Iati;

/// <summary>
/// The money trail of one approved match, every amount in the pledge's currency: each fact becomes a
/// transaction of the need's activity (13 incoming pledge at approval, 11 incoming commitment, 1 incoming
/// funds per disbursement, and a negative 11 for what a cancellation released).
/// </summary>
/// <param name="Id">The flow's id.</param>
/// <param name="Donor">The pledge's donor (the provider of every transaction of this flow).</param>
/// <param name="Instrument">The pledge's instrument code; it gives the finance type and aid type (Codelists.Instruments).</param>
/// <param name="Currency">The pledge's ISO 4217 currency.</param>
/// <param name="ApprovedOn">The day the match was approved.</param>
/// <param name="Approved">The approved amount.</param>
/// <param name="Commitment">The donor's commitment, once signed.</param>
/// <param name="Disbursements">The disbursements, in date order.</param>
/// <param name="Cancellation">The cancellation, if the flow was cancelled.</param>
public sealed record IatiFlow(
    string Id,
    IatiOrganisation Donor,
    string Instrument,
    string Currency,
    DateOnly ApprovedOn,
    decimal Approved,
    IatiCommitment? Commitment,
    IReadOnlyList<IatiDisbursement> Disbursements,
    IatiCancellation? Cancellation);
