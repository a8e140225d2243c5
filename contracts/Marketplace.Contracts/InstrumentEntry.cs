namespace Marketplace.Contracts;

/// <summary>A funding instrument with its labels, its IATI finance type and its IATI aid type (vocabulary 1).</summary>
public sealed record InstrumentEntry(string Code, string Es, string En, string IatiFinanceType, string IatiAidType);
