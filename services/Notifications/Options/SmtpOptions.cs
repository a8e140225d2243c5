using System.ComponentModel.DataAnnotations;

namespace Marketplace.Notifications.Options;

/// <summary>
/// The SMTP server that takes the marketplace's e-mail. Locally smtp4dev (port 2525, no TLS); in
/// production the operator's relay, with the user name and password from a secret.
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary><c>None</c>, <c>StartTls</c> (required, port 587) or <c>SslOnConnect</c> (port 465).</summary>
    [Required, RegularExpression("^(None|StartTls|SslOnConnect)$")]
    public string Security { get; set; } = "None";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "notifications@marketplace.invalid";

    [Required]
    public string FromName { get; set; } = "MIRPS Support Platform";

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 30;
}
