namespace Marketplace.Needs.Contracts;

/// <summary>
/// Why and since when a need is referred to the MIRPS Fund: <see cref="By"/> is the id of the person (or
/// machine client) who referred it, or <c>system</c> for an automatic referral.
/// </summary>
public sealed record NeedReferral(DateTimeOffset At, string Reason, string By)
{
    /// <summary>The <see cref="By"/> of an automatic referral.</summary>
    public const string System = "system";
}
