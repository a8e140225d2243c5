namespace Marketplace.Notifications.Domain;

/// <summary>
/// An organisation's endpoint for its events. The <see cref="Secret"/> signs every delivery and is shown
/// once, at creation. <see cref="Status"/> is <c>active</c> or <c>disabled</c> (after 24 h of failures).
/// </summary>
public sealed record Webhook(
    string Id, string Org, string Url, string Secret, IReadOnlyList<string> Events, string Status, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledReason, long Version)
{
    public const string Active = "active";
    public const string Disabled = "disabled";

    public bool Wants(string eventType) => Events.Count == 0 || Events.Contains(eventType);
}
