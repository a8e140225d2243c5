namespace Marketplace.Notifications.Domain;

/// <summary>
/// A person's e-mail choice per kind (<see cref="DeliveryModes"/>); kinds never chosen take their default.
/// <see cref="Version"/> is 0 until the first change.
/// </summary>
public sealed record Preferences(string PersonId, string Org, IReadOnlyDictionary<string, string> Modes, long Version)
{
    public static Preferences Default(string personId, string org) => new(personId, org, new Dictionary<string, string>(), 0);

    public string ModeOf(string kind) => Modes.TryGetValue(kind, out var mode) ? mode : NotificationKinds.DefaultMode(kind);

    public IReadOnlyDictionary<string, string> Effective() => NotificationKinds.All.ToDictionary(k => k, ModeOf);
}
