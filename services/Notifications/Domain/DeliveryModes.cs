namespace Marketplace.Notifications.Domain;

/// <summary>How e-mail of one kind reaches a person. In-app notifications are kept whatever the mode.</summary>
public static class DeliveryModes
{
    public const string Immediate = "immediate";
    public const string Digest = "digest";
    public const string Off = "off";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Immediate, Digest, Off };
}
