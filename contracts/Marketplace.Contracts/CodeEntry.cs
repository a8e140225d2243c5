namespace Marketplace.Contracts;

/// <summary>One value of a codelist with its Spanish and English labels.</summary>
/// <param name="Code">The exact lowercase (or ISO) string used on the wire.</param>
/// <param name="Es">Spanish label.</param>
/// <param name="En">English label.</param>
public sealed record CodeEntry(string Code, string Es, string En);
