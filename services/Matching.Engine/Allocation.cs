namespace Marketplace.Matching.Engine;

/// <summary>An amount of one pledge proposed for one need.</summary>
public sealed record Allocation(string NeedId, string PledgeId, long AmountUsdCents);
