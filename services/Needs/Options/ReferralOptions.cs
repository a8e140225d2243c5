using System.ComponentModel.DataAnnotations;

namespace Marketplace.Needs.Options;

/// <summary>When a need is referred to the MIRPS Fund by itself (API.md "MIRPS Fund").</summary>
public sealed class ReferralOptions
{
    public const string SectionName = "Referral";

    /// <summary>Days without any proposal or approval, from publication or the last proposal, before a need is referred.</summary>
    [Range(1, 3650)]
    public int ReferralAfterDays { get; set; } = 30;

    /// <summary>How often each replica looks for needs that are due (a due need is referred at most this late).</summary>
    [Range(1, 86_400)]
    public int CheckIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// Test systems only: serves <c>POST /testing/referral-clock?offsetDays=N</c> on the internal port (never routed
    /// by the gateway), which sets the referral job's clock ahead so that a test need falls due without waiting.
    /// </summary>
    public bool ClockControl { get; set; }
}
