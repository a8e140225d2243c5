using System.Security.Claims;
using Marketplace.Identity.People;
using Marketplace.Identity.Persistence;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.OpenApi;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Identity.Users;

/// <summary>
/// People administration, the rule book: every call needs a person's token (machine clients are never
/// admins); the secretariat's admins act on any organisation, an organisation's admins on their own only;
/// only a secretariat admin makes chair delegates, and only in the organisation holding the chair.
/// </summary>
public static class UsersEndpoints
{
    private static readonly HashSet<string> InvitationFields = ["email", "name", "org", "chairDelegate", "orgAdmin", "language"];

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser());

        users.MapPost("/invitations", async (HttpContext context, IPersonStore store, Invitations invitations, IChairTermReader chair) =>
        {
            var admin = await AdminAsync(context, store);
            if (admin is null) return Problems.Forbidden("Only an organisation's administrators may invite people.");

            var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
            if (error is not null) return error;
            var errors = new FieldErrors();
            var fields = new RequestFields(body!, errors);
            fields.RejectUnknown(InvitationFields, new HashSet<string>());
            var email = fields.String("email", required: true, minLength: 3, maxLength: 254);
            if (email is not null && !IsEmail(email)) errors.Add("email", "must be an email address");
            var name = fields.String("name", required: true, minLength: 1, maxLength: 200);
            var org = fields.Code("org", required: true, o => PersonRoles.KindOf(o) is not null, PersonRoles.AllOrgs);
            var chairDelegate = Boolean(body!, "chairDelegate", errors);
            var orgAdmin = Boolean(body!, "orgAdmin", errors);
            var language = fields.Code("language", required: false, PersonLanguages.All.Contains, "es en");
            if (errors.Any) return Problems.Validation(errors);

            if (!IsSecretariat(admin) && org != admin.Org)
                return Problems.Forbidden("An organisation's administrators may invite people into their own organisation only.");
            if (chairDelegate)
            {
                if (!IsSecretariat(admin)) return Problems.Forbidden("Only the secretariat's administrators may make chair delegates.");
                if (await chair.CurrentChairOrgAsync(context.RequestAborted) != org)
                    return Problems.Forbidden($"Chair delegates must belong to the organisation holding the chair; {org} does not hold it.");
            }

            var issued = await invitations.InviteAsync(email!, name!, org!, PersonRoles.RoleFor(org, chairDelegate)!, orgAdmin,
                language ?? PersonLanguages.For(org!), context.RequestAborted);
            if (issued is null) return Problems.Conflict("A person with this email already exists.");
            return Results.Created($"/api/v1/users/{issued.Person.Id}", new { id = issued.Person.Id, inviteUrl = issued.Url, expiresAt = issued.ExpiresAt });
        }).WithApi(UsersApi.Invite()).HoldsSecretResponse();

        users.MapGet("", async (HttpContext context, IPersonStore store, string? org, string? pageSize, string? pageToken) =>
        {
            // Internal services (the notifications service) read every organisation's people to address them.
            var service = context.User.FindFirstValue(Claims.Role) == Clients.ClientRoles.Service;
            var admin = service ? null : await AdminAsync(context, store);
            if (admin is null && !service) return Problems.Forbidden("Only an organisation's administrators may list people.");
            var errors = new FieldErrors();
            var (size, after) = PageToken.Read(pageSize, pageToken, errors);
            if (org is not null && PersonRoles.KindOf(org) is null) errors.Add("org", $"must be one of: {PersonRoles.AllOrgs}");
            if (errors.Any) return Problems.Validation(errors);
            if (admin is not null && !IsSecretariat(admin))
            {
                if (org is not null && org != admin.Org) return Problems.Forbidden("An organisation's administrators see their own organisation only.");
                org = admin.Org;
            }
            var page = await store.ListAsync(org, after, size, context.RequestAborted);
            return Results.Ok(new { items = page.Items.Select(PersonResponse.From), nextPageToken = page.NextPageToken });
        }).WithApi(UsersApi.List());

        users.MapPost("/{id}/deactivate", async (HttpContext context, string id, IPersonStore store, UserManager<Person> manager,
            ISignInStore signIns, TimeProvider clock) =>
        {
            var admin = await AdminAsync(context, store);
            if (admin is null) return Problems.Forbidden("Only an organisation's administrators may deactivate people.");
            var person = await manager.FindByIdAsync(id);
            if (person is null || (!IsSecretariat(admin) && person.Org != admin.Org)) return Problems.NotFound($"No person {id} in your organisations.");
            if (person.Id == admin.Id) return Problems.Conflict("Administrators cannot deactivate themselves.");

            person.Active = false;
            // A new security stamp invalidates the person's identity-provider session; revoking the sign-ins stops every refresh token now.
            var result = await manager.UpdateSecurityStampAsync(person);
            if (!result.Succeeded) return Problems.Conflict("The person changed concurrently; try again.");
            await signIns.RevokeAllAsync(person.Id, clock.GetUtcNow(), context.RequestAborted);
            return Results.Ok(PersonResponse.From(person));
        }).WithApi(UsersApi.Deactivate());
        return app;
    }

    private static async Task<Person?> AdminAsync(HttpContext context, IPersonStore store) =>
        context.User.FindFirstValue(Claims.Subject) is { } sub && await store.FindByIdAsync(sub, context.RequestAborted) is { Active: true, OrgAdmin: true } person
            ? person
            : null;

    private static bool IsSecretariat(Person admin) => admin.Org == PersonRoles.SecretariatOrg;

    private static bool IsEmail(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && !value.Contains(' ');

    private static bool Boolean(System.Text.Json.Nodes.JsonObject body, string name, FieldErrors errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return false;
        if (node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False) return node.GetValue<bool>();
        errors.Add(name, "must be true or false");
        return false;
    }
}
