using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Marketplace.TestSupport;

/// <summary>
/// Setting <see cref="JwtBearerOptions.Configuration"/> is not enough once the handler has a configuration
/// manager for the (unreachable) test authority: token validation still asks it, and every few seconds one
/// request waits about 5 s for the metadata fetch to fail. A static manager serves the test configuration.
/// </summary>
public static class StaticJwtConfiguration
{
    public static IServiceCollection UseStaticJwtConfiguration(this IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(
                jwt.Configuration ?? new OpenIdConnectConfiguration { Issuer = TestTokens.Issuer }));
}
