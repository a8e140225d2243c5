using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Validates bearer tokens in this service too (defence in depth: a call that bypasses the gateway
    /// gets 401), registers the role policies of API.md and denies by default (the fallback policy).
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, ValidatedTokenCache>((jwt, auth, validated) =>
            {
                jwt.Events = ValidatedTokenEvents(validated);
                jwt.Authority = auth.Value.Authority;
                jwt.Audience = auth.Value.Audience;
                jwt.RequireHttpsMetadata = auth.Value.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = "sub";
                jwt.TokenValidationParameters.RoleClaimType = "role";
                jwt.TokenValidationParameters.ValidTypes = ["at+jwt", "JWT"];
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.State, p => p.RequireClaim("org").RequireRole(Roles.State))
            .AddPolicy(Policies.Donor, p => p.RequireClaim("org").RequireRole(Roles.Donor))
            .AddPolicy(Policies.Pledger, p => p.RequireClaim("org").RequireRole(Roles.Donor, Roles.FundManager))
            .AddPolicy(Policies.MatchingOperator, p => p.RequireClaim("org").RequireRole(Roles.Chair, Roles.Secretariat))
            .AddPolicy(Policies.Decider, p => p.RequireClaim("org").RequireRole(Roles.Chair, Roles.Secretariat, Roles.FundManager))
            .AddPolicy(Policies.Secretariat, p => p.RequireRole(Roles.Secretariat))
            .AddPolicy(Policies.InternalService, p => p.RequireRole(Roles.Service))
            // Deny by default: an endpoint that names no policy still needs a valid token; anonymous ones say so
            // (AllowAnonymous: health, the reference codelists).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddOptions<ServiceClientOptions>().BindConfiguration(ServiceClientOptions.SectionName);
        builder.Services.AddHttpClient(nameof(ServiceTokenProvider));
        builder.Services.AddSingleton<ServiceTokenProvider>();
        return builder;
    }

    // A token validated once is taken from the cache on the next calls that send it (ValidatedTokenCache); any other
    // is validated in full by the handler, and remembered once it passes.
    private static JwtBearerEvents ValidatedTokenEvents(ValidatedTokenCache validated) => new()
    {
        OnMessageReceived = context =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && validated.TryGet(header["Bearer ".Length..].Trim(), out var principal))
            {
                context.Principal = principal;
                context.Success();
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = context =>
        {
            if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
            {
                validated.Add(token.EncodedToken, principal, token.ValidTo);
            }

            return Task.CompletedTask;
        },
    };
}
