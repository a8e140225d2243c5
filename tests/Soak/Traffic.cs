using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Marketplace.Soak;

/// <summary>
/// Mixed traffic through the gateway, as the platform's users would send it: member states publish and
/// withdraw needs, donors post and withdraw pledges, the secretariat approves and rejects proposals and
/// cancels flows, donors commit and disburse, member states confirm receipts. Each operation is counted by
/// its definite outcome; what was accepted is remembered for the final checks.
/// </summary>
public sealed class Traffic(SoakApi api, int seed)
{
    private static readonly string[] States = ["bz", "cr", "sv", "gt", "hn", "mx", "pa"];
    private static readonly string[] Donors = ["ca", "eu", "es", "us", "idb", "wbg", "cabei"];
    private static readonly string[] Sectors = ["asylum-systems", "protection", "reception-shelter", "education", "health", "social-protection"];
    private static readonly string[] Priorities = ["critical", "high", "medium", "low"];

    private static readonly (string Name, int Weight)[] Operations =
    [
        ("post-need", 4), ("post-pledge", 4), ("approve", 4), ("reject", 1), ("commit", 3), ("disburse", 3),
        ("receipt", 2), ("cancel", 1), ("withdraw-need", 1), ("withdraw-pledge", 1),
    ];

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private int _seed = seed;

    public ConcurrentBag<string> PostedNeeds { get; } = [];

    public ConcurrentBag<string> PostedPledges { get; } = [];

    /// <summary>"operation outcome" → count, outcome one of ok, conflict (409/422: a stale choice), none (nothing to act on), unresolved.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(Interlocked.Increment(ref _seed));
        var total = Operations.Sum(o => o.Weight);
        while (!stop.IsCancellationRequested)
        {
            var pick = random.Next(total);
            var operation = Operations.First(o => (pick -= o.Weight) < 0).Name;
            var outcome = await RunAsync(operation, random);
            _counts.AddOrUpdate($"{operation} {outcome}", 1, (_, n) => n + 1);
        }
    }

    private Task<string> RunAsync(string operation, Random random) => operation switch
    {
        "post-need" => PostNeedAsync(random),
        "post-pledge" => PostPledgeAsync(random),
        "approve" => DecideAsync(random, "approve", null),
        "reject" => DecideAsync(random, "reject", """{"reason":"Soak: the secretariat prefers another pair"}"""),
        "commit" => CommitAsync(random),
        "disburse" => DisburseAsync(random),
        "receipt" => ReceiptAsync(random),
        "cancel" => CancelAsync(random),
        "withdraw-need" => WithdrawAsync(random, PostedNeeds, "needs", id => $"state-{id}"),
        "withdraw-pledge" => WithdrawAsync(random, PostedPledges, "pledges", id => $"donor-{id}"),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private async Task<string> PostNeedAsync(Random random)
    {
        var state = States[random.Next(States.Length)];
        var body = $$"""
            {"country":"{{state.ToUpperInvariant()}}","title":"Soak need","sector":"{{Sectors[random.Next(Sectors.Length)]}}",
             "amount":{"amount":"{{Money(random.Next(20, 300) * 1000m)}}","currency":"USD"},
             "instruments":["grant","technical-assistance"],"priority":"{{Priorities[random.Next(Priorities.Length)]}}"}
            """;
        var (status, response) = await api.PostAsync($"state-{state}", "api/v1/needs", body);
        if (status == HttpStatusCode.Created) PostedNeeds.Add(response!["id"]!.GetValue<string>());
        return Outcome(status, HttpStatusCode.Created);
    }

    private async Task<string> PostPledgeAsync(Random random)
    {
        var donor = Donors[random.Next(Donors.Length)];
        var countries = random.Next(3) == 0 ? $"[\"{States[random.Next(States.Length)].ToUpperInvariant()}\"]" : "[]";
        var body = $$"""
            {"title":"Soak pledge","amount":{"amount":"{{Money(random.Next(50, 600) * 1000m)}}","currency":"USD"},"instrument":"grant",
             "countries":{{countries}},"sectors":[]}
            """;
        var (status, response) = await api.PostAsync($"donor-{donor}", "api/v1/pledges", body);
        if (status == HttpStatusCode.Created) PostedPledges.Add(response!["id"]!.GetValue<string>());
        return Outcome(status, HttpStatusCode.Created);
    }

    private async Task<string> DecideAsync(Random random, string decision, string? body)
    {
        var match = await PickAsync(random, "api/v1/matches?status=proposed&pageSize=50");
        if (match is null) return "none";
        var (status, _) = await api.PostAsync("secretariat", $"api/v1/matches/{match["id"]}/{decision}", body);
        return Outcome(status, HttpStatusCode.OK);
    }

    private async Task<string> CommitAsync(Random random)
    {
        var flow = await PickAsync(random, "api/v1/flows?status=approved&pageSize=50");
        if (flow is null) return "none";
        var approved = Amount(flow, "approved");
        var amount = random.Next(4) == 0 ? Math.Round(approved * 0.8m, 2) : approved;
        var money = $$"""{"amount":"{{Money(amount)}}","currency":"{{Currency(flow, "approved")}}"}""";
        var body = $$"""{"signedOn":"2026-11-30","reference":"SOAK-{{flow["id"]}}","amount":{{money}}}""";
        var (status, _) = await api.PostAsync(DonorClient(flow), $"api/v1/flows/{flow["id"]}/commitment", body);
        return Outcome(status, HttpStatusCode.OK);
    }

    private async Task<string> DisburseAsync(Random random)
    {
        var flow = await PickAsync(random, $"api/v1/flows?status={(random.Next(2) == 0 ? "committed" : "partially-disbursed")}&pageSize=50");
        if (flow is null) return "none";
        var rest = Amount(flow, "committed") - Amount(flow, "disbursed");
        if (rest <= 0) return "none";
        var amount = random.Next(3) == 0 ? rest : Math.Max(0.01m, Math.Round(rest * (decimal)random.NextDouble(), 2));
        var money = $$"""{"amount":"{{Money(amount)}}","currency":"{{Currency(flow, "committed")}}"}""";
        var body = $$"""{"date":"2026-11-30","amount":{{money}},"reference":"SOAK-D"}""";
        var (status, _) = await api.PostAsync(DonorClient(flow), $"api/v1/flows/{flow["id"]}/disbursements", body);
        return Outcome(status, HttpStatusCode.Created);
    }

    private async Task<string> ReceiptAsync(Random random)
    {
        var flow = await PickAsync(random, $"api/v1/flows?status={(random.Next(2) == 0 ? "disbursed" : "partially-disbursed")}&pageSize=50");
        var disbursement = flow?["disbursements"]!.AsArray().FirstOrDefault(d => d!["receivedAt"] is null);
        if (flow is null || disbursement is null) return "none";
        var state = $"state-{flow["country"]!.GetValue<string>().ToLowerInvariant()}";
        var (status, _) = await api.PostAsync(state, $"api/v1/flows/{flow["id"]}/disbursements/{disbursement["id"]}/receipt", null);
        return Outcome(status, HttpStatusCode.OK);
    }

    private async Task<string> CancelAsync(Random random)
    {
        var statuses = new[] { "approved", "committed", "partially-disbursed" };
        var flow = await PickAsync(random, $"api/v1/flows?status={statuses[random.Next(statuses.Length)]}&pageSize=50");
        if (flow is null) return "none";
        var (status, _) = await api.PostAsync("secretariat", $"api/v1/flows/{flow["id"]}/cancel", """{"reason":"Soak: programme closed"}""");
        return Outcome(status, HttpStatusCode.OK);
    }

    private async Task<string> WithdrawAsync(Random random, ConcurrentBag<string> posted, string resource, Func<string, string> owner)
    {
        var ids = posted.ToArray();
        if (ids.Length < 20) return "none";
        var id = ids[random.Next(ids.Length)];
        var (found, item) = await api.GetAsync("secretariat", $"api/v1/{resource}/{id}");
        if (found != HttpStatusCode.OK) return "unresolved";
        var org = (resource == "needs" ? item!["country"] : item!["donor"])!.GetValue<string>().ToLowerInvariant();
        var (status, _) = await api.PostAsync(owner(org), $"api/v1/{resource}/{id}/withdraw", null);
        return Outcome(status, HttpStatusCode.OK);
    }

    private async Task<JsonObject?> PickAsync(Random random, string path)
    {
        var (status, page) = await api.GetAsync("secretariat", path);
        var items = status == HttpStatusCode.OK ? page!["items"]!.AsArray() : [];
        return items.Count == 0 ? null : items[random.Next(items.Count)]!.AsObject();
    }

    private static string DonorClient(JsonObject flow) => $"donor-{flow["donor"]!.GetValue<string>().ToLowerInvariant()}";

    private static string Outcome(HttpStatusCode status, HttpStatusCode success) => status switch
    {
        _ when status == success => "ok",
        HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound => "conflict",
        0 => "unresolved",
        _ => $"http-{(int)status}",
    };

    public static decimal Amount(JsonObject item, string field) =>
        decimal.Parse(item[field]!["amount"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Currency(JsonObject item, string field) => item[field]!["currency"]!.GetValue<string>();

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
