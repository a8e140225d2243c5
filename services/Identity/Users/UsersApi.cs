using Marketplace.Identity.People;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Identity.Users;

/// <summary>The API document of <c>/api/v1/users</c>: schemas whose examples the real response types produce.</summary>
public static class UsersApi
{
    public static readonly ApiSchema InvitationRequest = ApiSchema.FromExample("InvitationRequest",
        "A person to invite. The role follows the organisation's kind; chairDelegate makes a chair delegate.",
        new { email = "lucia@minex.gob.gt", name = "Lucía Pérez", org = "GT", chairDelegate = false, orgAdmin = false, language = "es" },
        "chairDelegate", "orgAdmin", "language");

    public static readonly ApiSchema Invitation = ApiSchema.FromExample("Invitation",
        "The invited person's id and the one-time link (72 h) where they choose a password. Never replayed.",
        new { id = "person_019384aa7c2e7f3a9b1c2d3e4f5a6b7c", inviteUrl = "https://marketplace.example.org/account/invitation?token=…", expiresAt = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero) });

    public static readonly ApiSchema Person = ApiSchema.FromExample("Person",
        "A person who signs in; invited until a password is set.",
        PersonResponse.From(new Person
        {
            Id = "person_019384aa7c2e7f3a9b1c2d3e4f5a6b7c", Email = "lucia@minex.gob.gt", Name = "Lucía Pérez", Org = "GT",
            Role = PersonRoles.State, OrgAdmin = false, Language = PersonLanguages.Spanish, TwoFactorEnabled = false, Active = true, PasswordHash = "set",
        }));

    private const string IdempotencyKey = "Idempotency-Key";

    public static ApiOperation Invite() => new ApiOperation("invitePerson", "People", "Invite a person")
        .Describe("Organisation admins for their own organisation; the secretariat's admins for any. Only a secretariat admin sets chairDelegate, and only for the organisation holding the chair.")
        .Header(IdempotencyKey, "1–255 printable characters; the invitation link is never kept, so a repeat with the same body answers 409 and invites no one again.")
        .Body(InvitationRequest)
        .Returns(201, Invitation, "The invitation, with Location.")
        .Fails(400, 403, 409, 413, 415, 422);

    public static ApiOperation List() => new ApiOperation("listPeople", "People", "List people")
        .Describe("Admins; an organisation's admins see their own organisation only. Internal service clients (the notifications service) read any organisation.")
        .Query("org", "Only this organisation's people.")
        .ReturnsPage(Person, "People in creation order.")
        .Fails(400, 403);

    public static ApiOperation Deactivate() => new ApiOperation("deactivatePerson", "People", "Deactivate a person")
        .Describe("Admins of the person's organisation or of the secretariat. Refresh tokens stop at once; no new sign-in succeeds.")
        .Header(IdempotencyKey, "1–255 printable characters; a repeat replays the first response.")
        .Returns(200, Person, "The deactivated person.")
        .Fails(403, 404, 409, 422);
}
