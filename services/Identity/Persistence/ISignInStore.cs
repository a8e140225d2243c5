namespace Marketplace.Identity.Persistence;

/// <summary>
/// The sign-ins (grants) behind refresh tokens. OpenIddict runs in degraded mode, so it keeps no token
/// entries: this store is what makes an authorization code and each refresh token usable once, and what
/// lets a reuse, a sign-out or a deactivation end a sign-in at once.
/// </summary>
public interface ISignInStore
{
    /// <summary>Records a new sign-in whose first redeemable token (the authorization code) is <paramref name="tokenId"/>.</summary>
    Task StartAsync(string signInId, string personId, string tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Redeems <paramref name="tokenId"/> and registers <paramref name="nextTokenId"/> as its successor. A token
    /// already redeemed within <paramref name="leeway"/> gets a successor too (two tabs refreshing at once);
    /// later, the reuse revokes the whole sign-in.
    /// </summary>
    Task<RedeemOutcome> RedeemAsync(string signInId, string tokenId, string nextTokenId, DateTimeOffset now, TimeSpan leeway,
        CancellationToken cancellationToken);

    Task RevokeAsync(string signInId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends every sign-in of a person (deactivation).</summary>
    Task RevokeAllAsync(string personId, DateTimeOffset now, CancellationToken cancellationToken);
}
