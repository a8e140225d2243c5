namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// One row of the reliability table. <see cref="Sent"/> and <see cref="Received"/> count messages (or
/// approvals) in the scenario's own unit; <see cref="Duplicated"/> counts effects applied twice (the
/// guarantee); <see cref="ExtraDeliveries"/> counts harmless extra copies delivered (at-least-once), when measurable.
/// </summary>
public sealed record ScenarioResult(
    string Id, string Scenario, long Sent, long Received, long Lost, long Duplicated, string ExtraDeliveries, TimeSpan Recovery,
    string Notes)
{
    public string Row =>
        $"| {Id} | {Scenario} | {Sent} | {Received} | {Lost} | {Duplicated} | {ExtraDeliveries} | {Recovery.TotalSeconds:0.0} s | {Notes} |";
}
