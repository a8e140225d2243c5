namespace Marketplace.Identity.Account;

/// <summary>The identity service's own cookies (never read by the web app or the APIs).</summary>
public static class AccountCookies
{
    /// <summary>A person fully signed in at the identity provider (password and, where required, TOTP).</summary>
    public const string Session = "marketplace.account";

    /// <summary>Password verified, second factor still to come: lives five minutes.</summary>
    public const string Pending = "marketplace.account.pending";

    public const string ReturnUrlClaim = "return_url";
    public const string StampClaim = "stamp";
}
