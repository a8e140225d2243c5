namespace Marketplace.Notifications.Domain;

/// <summary>One text in both languages of the marketplace; the web app shows the reader's.</summary>
public sealed record LocalizedText(string Es, string En)
{
    public string In(string language) => language == "es" ? Es : En;
}
