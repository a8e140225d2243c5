namespace Marketplace.Pledges.Contracts;

/// <summary>A pledge was withdrawn by its donor; its proposals are no longer valid.</summary>
public sealed record PledgeWithdrawn(PledgeSnapshot Pledge);
