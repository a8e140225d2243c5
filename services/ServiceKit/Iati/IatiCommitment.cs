namespace Marketplace.ServiceKit.Iati;

/// <summary>A signed commitment: its date, amount (pledge currency) and the donor's reference.</summary>
public sealed record IatiCommitment(DateOnly SignedOn, decimal Amount, string Reference);
