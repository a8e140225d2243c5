namespace Marketplace.Notifications.People;

/// <summary>A person who can be notified: active, with a password set (an invited person has not signed in yet).</summary>
public sealed record Recipient(string Id, string Email, string Name, string Org, string Role, bool OrgAdmin, string Language);
