namespace Marketplace.Needs.Contracts;

/// <summary>A need was withdrawn by its member state; its proposals are no longer valid.</summary>
public sealed record NeedWithdrawn(NeedSnapshot Need);
