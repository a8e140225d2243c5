namespace Marketplace.ServiceKit.Security;

/// <summary>
/// This service's own OAuth client (role <c>service</c>), used for service-to-service gRPC calls.
/// Empty means no token is attached (internal calls will then be refused by the callee).
/// </summary>
public sealed class ServiceClientOptions
{
    public const string SectionName = "ServiceClient";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Token endpoint; defaults to <c>{Auth:Authority}connect/token</c>.</summary>
    public string? TokenEndpoint { get; set; }
}
