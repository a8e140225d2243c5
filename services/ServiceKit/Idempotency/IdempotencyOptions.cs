using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Idempotency;

/// <summary>How long idempotent responses are kept and how long a concurrent duplicate waits for the first.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a completed response is replayed; API.md requires at least 24 hours.</summary>
    [Range(24, 24 * 365)]
    public int RetentionHours { get; set; } = 24;

    /// <summary>How long a claim holds without completing before another request may take the key (a crashed request).</summary>
    [Range(5, 3600)]
    public int LockSeconds { get; set; } = 60;

    /// <summary>How long a duplicate waits for the first request before answering 409 with Retry-After.</summary>
    [Range(0, 60_000)]
    public int WaitMilliseconds { get; set; } = 5_000;
}
