namespace Marketplace.Notifications.Planning;

/// <summary>
/// The people of <see cref="Org"/> holding <see cref="Role"/> (any role when null; only its administrators
/// when <see cref="AdminsOnly"/>), told about one event as <see cref="Kind"/>.
/// </summary>
public sealed record Audience(string Org, string? Role, string Kind, bool AdminsOnly = false);
