namespace Marketplace.Notifications.Planning;

/// <summary>The event types webhooks receive (and may subscribe to by name).</summary>
public static class EventTypes
{
    public const string MatchProposed = "match.proposed";
    public const string MatchApproved = "match.approved";
    public const string MatchRejected = "match.rejected";
    public const string NeedReferred = "need.referred";
    public const string FlowCreated = "flow.created";
    public const string DisbursementRecorded = "disbursement.recorded";

    public static readonly IReadOnlyList<string> All = [MatchProposed, MatchApproved, MatchRejected, NeedReferred, FlowCreated, DisbursementRecorded];
}
