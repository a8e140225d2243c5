namespace Marketplace.Flows.Iati;

/// <summary>A service the IATI export reads from (needs, pledges, identity) cannot answer now, or lacks a record a flow names.</summary>
public sealed class IatiExportUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
