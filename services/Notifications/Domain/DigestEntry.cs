namespace Marketplace.Notifications.Domain;

/// <summary>A notification waiting for its person's next daily digest, with where and in which language to write it.</summary>
public sealed record DigestEntry(
    string NotificationId, string PersonId, string Org, string Email, string Language, LocalizedText Title, DateTimeOffset CreatedAt);
