namespace Marketplace.ServiceKit.Iati;

/// <summary>A flow's cancellation: its date and the amount it released (what was not disbursed), a positive number.</summary>
public sealed record IatiCancellation(DateOnly On, decimal Released, string Reason);
