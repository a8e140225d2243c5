namespace Marketplace.Notifications.Domain;

/// <summary>
/// An in-app notification for one person of one organisation, about <see cref="EntityId"/> (a match, need
/// or flow id). <see cref="Version"/> rises when it is marked read.
/// </summary>
public sealed record Notification(
    string Id, string PersonId, string Org, string Kind, string EventId, string EntityId,
    LocalizedText Title, LocalizedText Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, long Version);
