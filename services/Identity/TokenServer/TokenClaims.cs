namespace Marketplace.Identity.TokenServer;

/// <summary>What the other services read from an access token.</summary>
public static class TokenClaims
{
    public const string Role = "role";
    public const string Org = "org";

    /// <summary>The audience (<c>aud</c>) every marketplace API validates.</summary>
    public const string MarketplaceApi = "marketplace-api";
}
