namespace Marketplace.ServiceKit.Iati;

/// <summary>The IATI codes the export uses (TransactionType, OrganisationRole, ActivityStatus, ActivityDateType).</summary>
public static class IatiCodes
{
    public const string IncomingFunds = "1";
    public const string IncomingCommitment = "11";
    public const string IncomingPledge = "13";

    public const string FundingRole = "1";
    public const string ImplementingRole = "4";

    private const string Pipeline = "1";
    private const string Implementation = "2";
    private const string Cancelled = "5";

    private const string PlannedStart = "1";
    private const string ActualStart = "2";
    private const string PlannedEnd = "3";

    /// <summary>
    /// Cancelled when every flow was cancelled; in implementation once money has been disbursed; otherwise
    /// still in the pipeline (approved or committed, nothing received yet).
    /// </summary>
    public static string ActivityStatus(IReadOnlyList<IatiFlow> flows) =>
        flows.Count > 0 && flows.All(f => f.Cancellation is not null) ? Cancelled
        : flows.Any(f => f.Disbursements.Count > 0) ? Implementation
        : Pipeline;

    /// <summary>
    /// The need's planned start and end when it has them, the first disbursement as actual start, and, when
    /// none of these exists, the first approval as planned start (IATI requires at least one date).
    /// </summary>
    public static IReadOnlyList<(string Type, DateOnly Date)> ActivityDates(IatiActivity activity)
    {
        var dates = new List<(string, DateOnly)>();
        if (activity.PlannedStart is { } start) dates.Add((PlannedStart, start));
        var firstDisbursement = activity.Flows.SelectMany(f => f.Disbursements).Select(d => (DateOnly?)d.Date).Min();
        if (firstDisbursement is { } actual) dates.Add((ActualStart, actual));
        if (activity.PlannedEnd is { } end) dates.Add((PlannedEnd, end));
        if (dates.Count == 0 && activity.Flows.Count > 0) dates.Add((PlannedStart, activity.Flows.Min(f => f.ApprovedOn)));
        return dates;
    }
}
