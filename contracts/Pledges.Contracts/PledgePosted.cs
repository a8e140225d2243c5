namespace Marketplace.Pledges.Contracts;

/// <summary>A donor posted a new pledge.</summary>
public sealed record PledgePosted(PledgeSnapshot Pledge);
