namespace Marketplace.Identity.Persistence;

public enum RedeemOutcome
{
    /// <summary>First use of the token: its successor is registered.</summary>
    Redeemed,

    /// <summary>Used again within the reuse leeway: a successor is registered, nothing revoked.</summary>
    RedeemedWithinLeeway,

    /// <summary>Used again after the leeway: the sign-in is now revoked.</summary>
    ReuseDetected,

    /// <summary>The sign-in was revoked (or never recorded) before this request.</summary>
    Revoked,
}
