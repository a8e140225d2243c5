namespace Marketplace.Needs.Contracts;

/// <summary>A need's referral to the MIRPS Fund was lifted: bilateral proposals cover its whole gap.</summary>
public sealed record NeedReferralLifted(NeedSnapshot Need);
