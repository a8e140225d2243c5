using Marketplace.Identity.People;
using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Persistence;

/// <summary>A person in MongoDB, keyed by id; <c>email</c> (normalized) and <c>invitation</c> carry unique indexes.</summary>
public sealed record PersonDocument(
    [property: BsonId] string Id,
    [property: BsonElement("email")] string Email,
    [property: BsonElement("normalizedEmail")] string NormalizedEmail,
    [property: BsonElement("name")] string Name,
    [property: BsonElement("org")] string Org,
    [property: BsonElement("role")] string Role,
    [property: BsonElement("orgAdmin")] bool OrgAdmin,
    [property: BsonElement("active")] bool Active,
    [property: BsonElement("passwordHash")] string? PasswordHash,
    [property: BsonElement("securityStamp")] string SecurityStamp,
    [property: BsonElement("concurrencyStamp")] string ConcurrencyStamp,
    [property: BsonElement("authenticatorKey")] string? AuthenticatorKey,
    [property: BsonElement("mfa")] bool TwoFactorEnabled,
    [property: BsonElement("accessFailedCount")] int AccessFailedCount,
    [property: BsonElement("lockoutEnd"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime? LockoutEnd,
    // Absent (not null) once used, so the sparse unique index only holds pending invitations.
    [property: BsonElement("invitation"), BsonIgnoreIfNull] string? InvitationHash,
    [property: BsonElement("invitationExpiresAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime? InvitationExpiresAt,
    [property: BsonElement("createdAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime CreatedAt,
    // The person's number in the commit sequence of people: the list order and its cursors.
    [property: BsonElement("seq")] long Seq = 0,
    // Added later: documents written before it have none and read as the default language.
    [property: BsonElement("language"), BsonIgnoreIfNull] string? Language = null)
{
    public static PersonDocument From(Person p) => new(p.Id, p.Email, p.NormalizedEmail, p.Name, p.Org, p.Role, p.OrgAdmin, p.Active,
        p.PasswordHash, p.SecurityStamp, p.ConcurrencyStamp, p.AuthenticatorKey, p.TwoFactorEnabled, p.AccessFailedCount,
        p.LockoutEnd?.UtcDateTime, p.InvitationHash, p.InvitationExpiresAt?.UtcDateTime, p.CreatedAt.UtcDateTime, Language: p.Language);

    public Person ToPerson() => new()
    {
        Id = Id, Email = Email, NormalizedEmail = NormalizedEmail, Name = Name, Org = Org, Role = Role, OrgAdmin = OrgAdmin,
        Active = Active, PasswordHash = PasswordHash, SecurityStamp = SecurityStamp, ConcurrencyStamp = ConcurrencyStamp,
        AuthenticatorKey = AuthenticatorKey, TwoFactorEnabled = TwoFactorEnabled, AccessFailedCount = AccessFailedCount,
        LockoutEnd = Utc(LockoutEnd), InvitationHash = InvitationHash, InvitationExpiresAt = Utc(InvitationExpiresAt),
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        Language = Language ?? PersonLanguages.Default,
    };

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
