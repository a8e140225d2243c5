using Marketplace.ServiceKit.Security;

namespace Marketplace.Flows.Domain;

/// <summary>Who may take which step of a flow (API.md "Money trail" and the roles table).</summary>
public static class FlowAccess
{
    /// <summary>The flow's donor: the pledge's donor organisation, or the fund manager for a Fund pledge.</summary>
    public static bool IsDonorOf(this Caller caller, Flow flow) =>
        flow.Donor == Flow.FundDonor
            ? caller.Role == Roles.FundManager && caller.Org == Flow.FundDonor
            : caller.Role == Roles.Donor && caller.Org == flow.Donor;

    /// <summary>The member state whose need the flow funds.</summary>
    public static bool IsRecipientOf(this Caller caller, Flow flow) => caller.Role == Roles.State && caller.Org == flow.Country;

    public static bool MayCancel(this Caller caller, Flow flow) => caller.IsDonorOf(flow) || caller.Role == Roles.Secretariat;

    /// <summary>The audit trail of a flow: its donor, its member state, the chair and the secretariat.</summary>
    public static bool MayReadAuditOf(this Caller caller, Flow flow) =>
        caller.IsChairOrSecretariat || caller.IsDonorOf(flow) || caller.IsRecipientOf(flow);
}
