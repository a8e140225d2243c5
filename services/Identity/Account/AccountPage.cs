using System.Text.Encodings.Web;
using System.Text;

namespace Marketplace.Identity.Account;

/// <summary>
/// Server-rendered HTML for the sign-in pages. No inline script or style, so the pages work under the
/// gateway's strict Content-Security-Policy; every interpolated value is HTML-encoded.
/// </summary>
public sealed class AccountPage(string language, string title)
{
    private readonly StringBuilder _body = new();

    public string Language { get; } = AccountText.Normalize(language);

    public string T(string key) => AccountText.Get(Language, key);

    // Spanish text stays readable in the source of the page; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Encode(string value) => Encoder.Encode(value);

    public AccountPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    public AccountPage Paragraph(string text, string? cssClass = null, string? role = null)
    {
        _body.Append("<p").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append(role is null ? "" : $" role=\"{role}\"")
            .Append('>').Append(Encode(text)).Append("</p>");
        return this;
    }

    public AccountPage Error(string? text) => text is null ? this : Paragraph(text, "error", "alert");

    /// <summary>A POST form to <paramref name="action"/> with the antiforgery token and the hidden fields.</summary>
    public AccountPage Form(string action, string antiforgeryField, string antiforgeryToken, IEnumerable<(string Name, string Value)> hidden,
        string fieldsHtml, string submitText)
    {
        _body.Append($"<form method=\"post\" action=\"{Encode(action)}\">")
            .Append($"<input type=\"hidden\" name=\"{Encode(antiforgeryField)}\" value=\"{Encode(antiforgeryToken)}\">");
        foreach (var (name, value) in hidden)
        {
            _body.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">");
        }
        _body.Append(fieldsHtml).Append($"<button type=\"submit\">{Encode(submitText)}</button></form>");
        return this;
    }

    public static string Field(string id, string label, string type, string autocomplete, string? value = null, string extra = "") =>
        $"<label for=\"{id}\">{Encode(label)}</label><input id=\"{id}\" name=\"{id}\" type=\"{type}\" autocomplete=\"{autocomplete}\" required"
        + (value is null ? "" : $" value=\"{Encode(value)}\"") + (extra.Length > 0 ? " " + extra : "") + ">";

    public IResult ToResult(string switchLanguageHref, int statusCode = StatusCodes.Status200OK)
    {
        var other = Language == AccountText.Spanish ? AccountText.English : AccountText.Spanish;
        var html = $"""
            <!doctype html>
            <html lang="{Language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} · {Encode(T("app"))}</title>
            <link rel="stylesheet" href="/account/account.css"></head>
            <body><main class="account">
            <p class="brand">{Encode(T("app"))}</p>
            <nav><a href="{Encode(switchLanguageHref)}" hreflang="{other}" lang="{other}">{Encode(T("switch"))}</a></nav>
            <h1>{Encode(title)}</h1>
            {_body}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
