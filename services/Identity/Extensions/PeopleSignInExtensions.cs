using Marketplace.Identity.Account;
using Marketplace.Identity.Options;
using Marketplace.Identity.People;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.TokenServer;
using Marketplace.Identity.Users;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Persistence;
using StorageOptions = Marketplace.Identity.Options.StorageOptions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.Extensions;

/// <summary>
/// People sign in: OpenID Connect authorization code + PKCE for the web app on top of the client-credentials
/// token server, person accounts (UserManager over our stores), the sign-in pages and people administration.
/// </summary>
public static class PeopleSignInExtensions
{
    public static WebApplicationBuilder AddPeopleSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PeopleOptions>().BindConfiguration(PeopleOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPeopleStores();
        builder.Services.AddHealthChecks().AddCheck<PeopleStoreHealthCheck>("people-store", tags: [ServiceDefaults.Extensions.ReadyTag]);

        builder.Services.AddIdentityCore<Person>(o =>
            {
                // NIST SP 800-63B: length, not composition rules.
                o.Password.RequiredLength = Invitations.MinimumPasswordLength;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddUserStore<PersonUserStore>()
            .AddTokenProvider<AuthenticatorTokenProvider<Person>>(TokenOptions.DefaultAuthenticatorProvider);

        builder.AddMarketplaceOpenApi("Identity");
        builder.Services.AddSingleton<DemoPeople>();
        builder.Services.AddScoped<Invitations>();
        builder.Services.AddSingleton<IChairTermReader, RegistryChairTermReader>();
        builder.Services.AddHostedService<PeopleSeeder>();

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "marketplace.antiforgery";
            o.FormFieldName = "__csrf";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication()
            .AddCookie(AccountCookies.Session, o =>
            {
                o.Cookie.Name = AccountCookies.Session;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
            })
            .AddCookie(AccountCookies.Pending, o =>
            {
                o.Cookie.Name = AccountCookies.Pending;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            });

        builder.Services.AddOpenIddict()
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes([.. PersonPrincipal.AllowedScopes]);
                server.RegisterClaims(Claims.Name, Claims.Email);
                // A sign-in lasts at most the refresh token lifetime from the password, however often it refreshes.
                server.DisableSlidingRefreshTokenExpiration();
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseSingletonHandler<WebAuthorizationRequestValidator>());
                server.AddEventHandler<ValidateTokenRequestContext>(h => h.UseSingletonHandler<WebTokenRequestValidator>());
                server.AddEventHandler<ValidateEndSessionRequestContext>(h => h.UseSingletonHandler<WebEndSessionRequestValidator>());
                server.AddEventHandler<HandleTokenRequestContext>(h => h.UseSingletonHandler<PersonTokenIssuer>());
                server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough();
            })
            // The people API validates this server's own access tokens in-process (no HTTP round trip to itself).
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(TokenClaims.MarketplaceApi);
                validation.UseAspNetCore();
            });
        return builder;
    }

    public static WebApplication MapPeopleSignIn(this WebApplication app)
    {
        app.UseAuthorization();
        // Idempotency-Key on every POST under /api/v1 (after authorization: keys are scoped to the token's subject).
        app.UseIdempotencyKeys();
        // The sign-in pages and OpenID Connect endpoints are for people who have no token yet (API.md's anonymous paths).
        var anonymous = app.MapGroup("").AllowAnonymous();
        anonymous.MapGet("/account/account.css", () => Results.Text(AccountStyles.Css, "text/css; charset=utf-8"));
        anonymous.MapSignIn();
        anonymous.MapSecondFactor();
        anonymous.MapInvitation();
        anonymous.MapAuthorization();
        app.MapUsersApi();
        app.MapMarketplaceOpenApi();
        return app;
    }

    /// <summary>
    /// People and sign-ins on the provider <c>Storage:Provider</c> names, with the idempotency keys of the
    /// people API beside them: in <c>people.db</c>, or in the collection <c>idempotency</c> of <c>Storage:Database</c>.
    /// </summary>
    private static void AddPeopleStores(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] == StorageOptions.Mongo)
        {
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>()
                .GetDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database));
            builder.Services.AddSingleton<MongoPersonStore>();
            builder.Services.AddSingleton<MongoSignInStore>();
            builder.Services.AddSingleton<IPersonStore>(sp => sp.GetRequiredService<MongoPersonStore>());
            builder.Services.AddSingleton<ISignInStore>(sp => sp.GetRequiredService<MongoSignInStore>());
            builder.AddMongoIdempotencyStore(sp => new MongoStorage(sp.GetRequiredService<IMongoClient>(),
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database!));
            builder.Services.AddHostedService<MongoPeopleIndexes>();
        }
        else
        {
            builder.Services.AddKeyedSingleton(PeopleDatabase.FileName, (sp, _) => PeopleDatabase.Open(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory(sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
            builder.Services.AddSingleton<IPersonStore>(sp => new SqlitePersonStore(sp.GetRequiredKeyedService<ServiceKit.Persistence.SqliteDatabase>(PeopleDatabase.FileName)));
            builder.Services.AddSingleton<ISignInStore>(sp => new SqliteSignInStore(sp.GetRequiredKeyedService<ServiceKit.Persistence.SqliteDatabase>(PeopleDatabase.FileName)));
            builder.AddSqliteIdempotencyStore(sp => sp.GetRequiredKeyedService<SqliteDatabase>(PeopleDatabase.FileName));
        }
    }
}
