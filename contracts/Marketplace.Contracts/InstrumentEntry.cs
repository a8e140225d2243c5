namespace Marketplace.Contracts;

/// <summary>A funding instrument with its labels and the IATI finance type (and aid type where one applies).</summary>
public sealed record InstrumentEntry(string Code, string Es, string En, string IatiFinanceType, string? IatiAidType);
