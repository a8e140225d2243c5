namespace Marketplace.Pledges.Contracts;

/// <summary>The allocated amount of a pledge rose or was released (a match was approved or compensated).</summary>
public sealed record PledgeAllocationChanged(PledgeSnapshot Pledge);
