namespace Marketplace.ServiceKit.Iati;

/// <summary>One disbursement: its id, date, amount (pledge currency) and the donor's reference.</summary>
public sealed record IatiDisbursement(string Id, DateOnly Date, decimal Amount, string Reference);
