namespace Marketplace.Needs.Contracts;

/// <summary>A need's fields were edited by its member state.</summary>
public sealed record NeedUpdated(NeedSnapshot Need);
