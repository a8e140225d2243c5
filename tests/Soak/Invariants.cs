using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Soak;

/// <summary>What the soak checks once the traffic and the kills have stopped, read through the gateway
/// (and, for "visible to matching", matching's own view tables, read-only).</summary>
public sealed record InvariantReport(int Needs, int Pledges, int ApprovedMatches, int Flows, int CancelledFlows, int Disbursements,
    IReadOnlyList<string> Violations);

public sealed class Invariants(SoakApi api, MarketplaceProcesses system, Traffic traffic)
{
    public async Task<InvariantReport> CheckAsync()
    {
        var violations = new List<string>();
        var needs = await api.ListAsync("api/v1/needs");
        var pledges = await api.ListAsync("api/v1/pledges");
        var approved = await api.ListAsync("api/v1/matches?status=approved");
        var flows = await api.ListAsync("api/v1/flows");

        ExactlyOnce("need", traffic.PostedNeeds, needs, violations);
        ExactlyOnce("pledge", traffic.PostedPledges, pledges, violations);

        var flowsByMatch = flows.GroupBy(f => Text(f, "matchId")).ToDictionary(g => g.Key, g => g.ToList());
        var approvedIds = approved.Select(m => Text(m, "id")).ToHashSet();
        foreach (var match in approved)
        {
            var count = flowsByMatch.GetValueOrDefault(Text(match, "id"))?.Count ?? 0;
            if (count != 1) violations.Add($"approved match {Text(match, "id")} has {count} flows (expected exactly 1)");
        }
        foreach (var flow in flows)
        {
            var id = Text(flow, "id");
            if (!approvedIds.Contains(Text(flow, "matchId"))) violations.Add($"flow {id} belongs to match {Text(flow, "matchId")}, which is not approved");
            var (approvedAmount, committed, disbursed) = (Traffic.Amount(flow, "approved"), Traffic.Amount(flow, "committed"), Traffic.Amount(flow, "disbursed"));
            var listed = flow["disbursements"]!.AsArray().Sum(d => Traffic.Amount(d!.AsObject(), "amount"));
            if (committed > approvedAmount) violations.Add($"flow {id}: committed {committed} > approved {approvedAmount}");
            if (disbursed > committed) violations.Add($"flow {id}: disbursed {disbursed} > committed {committed}");
            if (listed != disbursed) violations.Add($"flow {id}: Σ disbursements {listed} ≠ disbursed {disbursed}");
        }

        // allocated = Σ approved − Σ released by cancellations (released = approved − disbursed); funded likewise on the need side.
        var released = flows.Where(f => Text(f, "status") == "cancelled")
            .ToDictionary(f => Text(f, "matchId"), f => Traffic.Amount(f, "approved") - Traffic.Amount(f, "disbursed"));
        Ledger("pledge", "allocated", pledges, approved, "pledgeId", "amount", released, violations);
        Ledger("need", "funded", needs, approved, "needId", "needAmount", released, violations);

        await VisibleToMatchingAsync(needs, "need_views", "need", violations);
        await VisibleToMatchingAsync(pledges, "pledge_views", "pledge", violations);

        return new InvariantReport(needs.Count, pledges.Count, approved.Count, flows.Count, released.Count,
            flows.Sum(f => f["disbursements"]!.AsArray().Count), violations);
    }

    private static void ExactlyOnce(string kind, IEnumerable<string> posted, List<JsonObject> listed, List<string> violations)
    {
        var ids = listed.Select(i => Text(i, "id")).ToList();
        var accepted = posted.ToHashSet();
        foreach (var missing in accepted.Except(ids)) violations.Add($"{kind} {missing} was accepted (201) but is not listed");
        foreach (var extra in ids.Except(accepted)) violations.Add($"{kind} {extra} is listed but no POST of the soak was answered with it (a duplicate?)");
        if (ids.Count != ids.Distinct().Count()) violations.Add($"the {kind} list repeats an item");
    }

    private static void Ledger(string kind, string field, List<JsonObject> items, List<JsonObject> approved, string key, string amountField,
        Dictionary<string, decimal> released, List<string> violations)
    {
        // Every soak amount is in USD, so a match's fxRate is 1 and the need side of a release equals the pledge side.
        var expected = approved.GroupBy(m => Text(m, key)).ToDictionary(g => g.Key,
            g => g.Sum(m => Traffic.Amount(m, amountField) - released.GetValueOrDefault(Text(m, "id"))));
        foreach (var item in items)
        {
            var actual = Traffic.Amount(item, field);
            var should = expected.GetValueOrDefault(Text(item, "id"));
            if (actual != should) violations.Add($"{kind} {Text(item, "id")}: {field} {actual} ≠ Σ approved − Σ released = {should}");
        }
    }

    private async Task VisibleToMatchingAsync(List<JsonObject> items, string table, string kind, List<string> violations)
    {
        var views = await ServiceDatabase.Of(system, "matching").VersionsAsync(table);
        foreach (var item in items)
        {
            var id = Text(item, "id");
            var version = item["version"]!.GetValue<long>();
            if (!views.TryGetValue(id, out var seen)) violations.Add($"{kind} {id} is not in matching's view");
            else if (seen != version) violations.Add($"{kind} {id}: matching's view has version {seen}, the {kind} is at {version}");
        }
    }

    private static string Text(JsonObject item, string field) => item[field]!.GetValue<string>();

    public static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
