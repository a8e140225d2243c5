using Marketplace.Identity.Organisations.Http;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using OpenIddict.Validation.AspNetCore;
using StorageOptions = Marketplace.Identity.Options.StorageOptions;

namespace Marketplace.Identity.Organisations;

public static class OrganisationsExtensions
{
    /// <summary>
    /// The organisation registry and the chair term: their store (SQLite or MongoDB, <c>Storage:Provider</c>),
    /// the start-up seed, and validation of this server's own access tokens for the <c>/api/v1</c> endpoints
    /// (OpenIddict's local validation: the keys are in-process, no discovery round trip).
    /// </summary>
    public static WebApplicationBuilder AddOrganisations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganisationsOptions>().BindConfiguration(OrganisationsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.AddOrganisationStore();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<OrganisationSeeder>();
        builder.Services.AddProblemDetails();

        builder.Services.AddOpenIddict().AddValidation(validation =>
        {
            validation.UseLocalServer();
            validation.AddAudiences(TokenServer.TokenClaims.MarketplaceApi);
            validation.UseAspNetCore();
        });
        var bearer = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.AddAuthenticationSchemes(bearer).RequireAuthenticatedUser())
            .AddPolicy(Policies.Secretariat, p => p.AddAuthenticationSchemes(bearer).RequireAuthenticatedUser().RequireRole(Roles.Secretariat))
            // Deny by default. The token server's own endpoints (/connect/*, /.well-known/*) are answered inside the
            // authentication middleware, before authorization; health endpoints are AllowAnonymous.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(bearer).RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// The store on the provider <c>Storage:Provider</c> names, beside the client store: the embedded file
    /// <c>{Storage:DataDirectory}/organisations.db</c>, or the collections <c>organisations</c>, <c>chair</c>
    /// and <c>audit</c> of <c>Storage:Database</c>.
    /// </summary>
    private static void AddOrganisationStore(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] == StorageOptions.Mongo)
        {
            var applicationName = builder.Environment.ApplicationName;
            builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.CreateMongoClient(applicationName));
            builder.Services.AddSingleton<IOrganisationStore>(sp =>
            {
                var storage = new MongoStorage(sp.GetRequiredService<IMongoClient>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database!);
                return new MongoOrganisationStore(storage, new MongoAuditTrail(storage));
            });
        }
        else
        {
            builder.Services.AddSingleton<IOrganisationStore>(sp => new SqliteOrganisationStore(new SqliteDatabase(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory(sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                SqliteOrganisationStore.FileName, SqliteOrganisationStore.Schema)));
        }
    }

    public static WebApplication MapOrganisationsApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthorization();
        app.MapOrganisationsEndpoints();
        app.MapChairEndpoints();
        return app;
    }
}
