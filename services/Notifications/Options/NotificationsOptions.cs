using System.ComponentModel.DataAnnotations;

namespace Marketplace.Notifications.Options;

/// <summary>Where people and the chair term are read, how links are written, and when digests and retries run.</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The identity service: people per organisation (<c>GET /api/v1/users</c>) and the chair term.</summary>
    [Required, Url]
    public string IdentityUrl { get; set; } = "http://127.0.0.1:5100/";

    /// <summary>The gateway's public origin, for links in e-mails (the web app and the unsubscribe page).</summary>
    [Required, Url]
    public string PublicOrigin { get; set; } = "http://localhost:8080/";

    /// <summary>How long the people of an organisation and the chair term read from identity are reused.</summary>
    [Range(0, 3600)]
    public int PeopleCacheSeconds { get; set; } = 60;

    /// <summary>
    /// The key that signs unsubscribe links (HMAC-SHA256), at least 32 characters; from a secret in production.
    /// Changing it invalidates the links of every e-mail already sent.
    /// </summary>
    [Required, MinLength(32)]
    public string UnsubscribeKey { get; set; } = "";

    /// <summary>The hour (UTC) at which each day's digest is sent.</summary>
    [Range(0, 23)]
    public int DigestHourUtc { get; set; } = 7;

    /// <summary>How long failing webhook deliveries are retried (exponential back-off) before the webhook is disabled.</summary>
    [Range(1, 168)]
    public int WebhookRetryHours { get; set; } = 24;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetryDelaySeconds { get; set; } = 5;

    [Range(1, 86400)]
    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>How long a webhook receiver may take to answer.</summary>
    [Range(1, 60)]
    public int WebhookTimeoutSeconds { get; set; } = 10;
}
