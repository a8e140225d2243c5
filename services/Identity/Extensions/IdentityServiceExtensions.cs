using Marketplace.Identity.Clients;
using Marketplace.Identity.Options;
using Marketplace.Identity.Organisations;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.Security;
using Marketplace.Identity.TokenServer;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.Extensions;

public static class IdentityServiceExtensions
{
    public static WebApplicationBuilder AddIdentityServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddClientStore();
        builder.Services.AddHostedService<ClientSynchronizer>();

        builder.AddTokenServer();
        builder.AddOrganisations();
        builder.AddPeopleSignIn();
        return builder;
    }

    private static void AddTokenServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris("connect/token")
                .SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks");
            server.AllowClientCredentialsFlow();
            server.RegisterAudiences(TokenClaims.MarketplaceApi);
            server.RegisterClaims(TokenClaims.Role, TokenClaims.Org);
            // The other services validate the JWT themselves with the JWKS; an encrypted token would need our key.
            server.DisableAccessTokenEncryption();

            // Degraded mode: clients live in IClientStore, not in OpenIddict's application store, so no EF Core
            // or OpenIddict store is needed; ClientCredentialsValidator does the client authentication instead.
            server.EnableDegradedMode();
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseSingletonHandler<ClientCredentialsValidator>());
            server.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseSingletonHandler<ClientCredentialsTokenIssuer>());

            // TLS is terminated in front of the service (gateway / ingress); inside, the token endpoint is plain HTTP.
            server.UseAspNetCore().DisableTransportSecurityRequirement();
        });

        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, TokenServerOptionsSetup>();
        // Resolving the server options at start loads the signing key, so a missing key stops the service
        // at start instead of on the first token request.
        builder.Services.AddOptions<OpenIddictServerOptions>().ValidateOnStart();
    }

    public static WebApplication UseTokenServer(this WebApplication app)
    {
        // OpenIddict answers /connect/token, discovery and JWKS from inside the authentication middleware.
        app.UseAuthentication();
        return app;
    }
}
