namespace Marketplace.Notifications.Domain;

/// <summary>
/// What a notification is about; each person chooses, per kind, how e-mail reaches them
/// (<see cref="DeliveryModes"/>). The defaults: decisions waiting for the chair and secretariat go in the
/// daily digest, everything else immediately.
/// </summary>
public static class NotificationKinds
{
    /// <summary>A proposal for one of the organisation's needs or pledges (states, donors, the fund manager for Fund pledges).</summary>
    public const string Proposal = "proposal";

    /// <summary>A proposal was approved or rejected (the need's state and the pledge's donor).</summary>
    public const string Decision = "decision";

    /// <summary>A need was referred to the MIRPS Fund (its state and the fund manager).</summary>
    public const string Referral = "referral";

    /// <summary>An approved match waits for the donor's commitment.</summary>
    public const string CommitmentDue = "commitment-due";

    /// <summary>A disbursement waits for the member state's receipt.</summary>
    public const string ReceiptDue = "receipt-due";

    /// <summary>A proposal waits for a decision by the chair or the secretariat (or the fund manager for the Fund's).</summary>
    public const string DecisionWaiting = "decision-waiting";

    /// <summary>The chair must recuse itself from a proposal: the secretariat decides it.</summary>
    public const string Recusal = "recusal";

    /// <summary>A webhook of the organisation was disabled after 24 h of failed deliveries (its admins).</summary>
    public const string WebhookDisabled = "webhook-disabled";

    public static readonly IReadOnlyList<string> All =
        [Proposal, Decision, Referral, CommitmentDue, ReceiptDue, DecisionWaiting, Recusal, WebhookDisabled];

    public static string DefaultMode(string kind) => kind == DecisionWaiting ? DeliveryModes.Digest : DeliveryModes.Immediate;
}
