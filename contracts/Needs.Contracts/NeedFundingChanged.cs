namespace Marketplace.Needs.Contracts;

/// <summary>Approved funding of a need rose or was released (a match was approved or compensated).</summary>
public sealed record NeedFundingChanged(NeedSnapshot Need);
