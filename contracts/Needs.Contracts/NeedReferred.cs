namespace Marketplace.Needs.Contracts;

/// <summary>A need was referred to the MIRPS Fund (by its state, the secretariat, or automatically).</summary>
public sealed record NeedReferred(NeedSnapshot Need);
