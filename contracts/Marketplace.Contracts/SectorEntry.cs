namespace Marketplace.Contracts;

/// <summary>A sector with its labels and the OECD DAC CRS purpose code it reports under.</summary>
public sealed record SectorEntry(string Code, string Es, string En, string DacPurposeCode, string DacPurposeName);
