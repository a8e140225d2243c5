namespace Marketplace.Pledges.Contracts;

/// <summary>A pledge's fields were edited by its donor.</summary>
public sealed record PledgeUpdated(PledgeSnapshot Pledge);
