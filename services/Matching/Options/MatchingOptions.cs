using System.ComponentModel.DataAnnotations;

namespace Marketplace.Matching.Options;

/// <summary>How and when matching rounds run, and the priority weights of the objective.</summary>
public sealed class MatchingOptions
{
    public const string SectionName = "Matching";

    /// <summary>
    /// How long a round waits after the first relevant event before it starts. 0 (the default) starts it at once:
    /// the events that arrive while a round runs make the next round, so under load rounds batch by themselves and a
    /// change waits at most for the round in progress. A window only pays where many events arrive within it while
    /// no round runs (a bulk import), at the price of that window on every change.
    /// </summary>
    [Range(0, 60_000)]
    public int DebounceMilliseconds { get; set; }

    [Range(1, 1_000_000)]
    public int CriticalWeight { get; set; } = 8;

    [Range(1, 1_000_000)]
    public int HighWeight { get; set; } = 4;

    [Range(1, 1_000_000)]
    public int MediumWeight { get; set; } = 2;

    [Range(1, 1_000_000)]
    public int LowWeight { get; set; } = 1;

    /// <summary>How long an approval may stay in flight before recovery compensates it (a crash or an outage midway).</summary>
    [Range(1, 3600)]
    public int ApprovalRecoveryGraceSeconds { get; set; } = 30;

    /// <summary>gRPC address of the needs service, used to rebuild the need view at start-up.</summary>
    [Required, Url]
    public string NeedsGrpcUrl { get; set; } = "http://127.0.0.1:5111";

    /// <summary>gRPC address of the pledges service, used to rebuild the pledge view at start-up.</summary>
    [Required, Url]
    public string PledgesGrpcUrl { get; set; } = "http://127.0.0.1:5112";

    /// <summary>The identity service, which owns the organisations and the chair term (<c>GET /api/v1/chair</c>).</summary>
    [Required, Url]
    public string IdentityUrl { get; set; } = "http://127.0.0.1:5100/";

    /// <summary>How long a chair term read from the identity service is reused: the delay before a new term takes effect here.</summary>
    [Range(0, 300)]
    public int ChairTermCacheSeconds { get; set; } = 10;
}
