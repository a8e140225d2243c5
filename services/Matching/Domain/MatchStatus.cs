namespace Marketplace.Matching.Domain;

/// <summary>
/// Match lifecycle: proposed → approved | rejected | superseded; only a proposal can be decided. An
/// approval passes through approving (and, when it fails midway, compensating) before it settles.
/// </summary>
public static class MatchStatus
{
    public const string Proposed = "proposed";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Superseded = "superseded";

    /// <summary>Internal: an approval is committing the pledge and the need. Shown as proposed.</summary>
    public const string Approving = "approving";

    /// <summary>Internal: an approval failed midway and its commitments are being released. Shown as proposed.</summary>
    public const string Compensating = "compensating";

    /// <summary>What a round holds as open: proposals and approvals, including the in-flight approval states.</summary>
    public static readonly IReadOnlyList<string> Open = [Proposed, Approved, Approving, Compensating];

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>The status the public API shows: the internal in-flight states are still proposals.</summary>
    public static string Public(string status) => status is Approving or Compensating ? Proposed : status;
}
