using Marketplace.Identity.Clients;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.Security;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// In degraded mode OpenIddict skips its own client checks, so this handler is what authenticates the
/// client: it must reject anything but a known client id with its right secret.
/// </summary>
public sealed class ClientCredentialsValidator(IClientStore store) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public const string ClientProperty = "marketplace:client";

    // Verifying against a throwaway hash when the client is unknown costs the same PBKDF2 work as a real
    // check, so response timing does not tell which client ids exist.
    private static readonly Lazy<string> UnknownClientHash = new(() => ClientSecretHasher.Hash(Guid.NewGuid().ToString()));

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        // The code and refresh grants (people) are validated by WebTokenRequestValidator; OpenIddict itself
        // refuses the grants it was not told to allow.
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return;
        }

        var clientId = context.Request.ClientId;
        var secret = context.Request.ClientSecret;
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            context.Reject(Errors.InvalidClient, "client_id and client_secret are required.");
            return;
        }

        var client = await store.FindByClientIdAsync(clientId, context.CancellationToken);
        var valid = ClientSecretHasher.Verify(secret, client?.SecretHash ?? UnknownClientHash.Value) && client is not null;
        if (!valid)
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
            return;
        }

        context.Transaction.Properties[ClientProperty] = client;
    }
}
