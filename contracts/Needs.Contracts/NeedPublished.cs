namespace Marketplace.Needs.Contracts;

/// <summary>A member state published a new need.</summary>
public sealed record NeedPublished(NeedSnapshot Need);
