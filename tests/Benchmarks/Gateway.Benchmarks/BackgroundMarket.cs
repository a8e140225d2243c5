using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>How the background market was loaded and how long matching took to take it in.</summary>
public sealed record BackgroundLoad(int Needs, int Pledges, double LoadSeconds, double SettleSeconds, string ProposedUsd);

/// <summary>
/// A market of realistic size under the event path: N needs and N pledges posted through the gateway by the
/// member states and donors (seeded, MIRPS-shaped: seven countries of unequal size, nine sectors, four
/// instruments, needs outnumbering the money, a third of the pledges unearmarked), then a wait until matching
/// has proposed for them and gone quiet, so the event path measures rounds on that market, not its first solve.
/// </summary>
public static class BackgroundMarket
{
    private static readonly string[] Countries = ["BZ", "CR", "SV", "GT", "HN", "MX", "PA"];
    private static readonly double[] CountryShares = [0.03, 0.12, 0.12, 0.2, 0.18, 0.3, 0.05];
    private static readonly string[] Sectors =
    [
        "asylum-systems", "protection", "reception-shelter", "education", "health", "social-protection",
        "employment-livelihoods", "local-governance", "statistical-inclusion",
    ];
    private static readonly string[] Instruments = ["grant", "concessional-loan", "technical-assistance", "in-kind"];
    private static readonly string[] Donors = ["ar", "br", "ca", "co", "eu", "fr", "es", "ch", "uy", "us", "idb", "wbg", "cabei", "eclac"];
    private static readonly string[] Priorities = ["critical", "high", "medium", "low"];

    public static async Task<BackgroundLoad> LoadAsync(MarketplaceProcesses system, string readerToken, int count)
    {
        var random = new Random(20261129);
        var states = new Dictionary<string, HttpClient>();
        foreach (var country in Countries) states[country] = await system.ClientAsync("state-" + country.ToLowerInvariant());
        var donors = new List<HttpClient>();
        foreach (var donor in Donors) donors.Add(await system.ClientAsync("donor-" + donor));

        var requests = new List<(HttpClient Client, string Path, JsonObject Body)>(2 * count);
        for (var i = 0; i < count; i++)
        {
            var country = Pick(random, Countries, CountryShares);
            requests.Add((states[country], "api/v1/needs", NeedBody(random, country, i)));
            requests.Add((donors[random.Next(donors.Count)], "api/v1/pledges", PledgeBody(random, i)));
        }

        Console.WriteLine($"Loading a background market of {count} needs and {count} pledges through the gateway …");
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests.Count; i = Interlocked.Increment(ref next))
            {
                var (client, path, body) = requests[i];
                using var response = await client.PostAsync(path, Json.Body(body));
                response.EnsureSuccessStatusCode();
            }
        });
        await Task.WhenAll(workers);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  loaded in {loadSeconds:F1} s; waiting for matching to take it in …");

        clock.Restart();
        using var reader = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromMinutes(10) };
        reader.DefaultRequestHeaders.Authorization = new("Bearer", readerToken);
        // Quiet first (every event consumed), then a manual run: it waits for any round in progress and solves
        // the whole market once, so the event path starts on a settled market rather than inside a catch-up.
        await SettleAsync(reader, TimeSpan.FromMinutes(10));
        using (var run = await reader.PostAsync("api/v1/matching/runs", null)) run.EnsureSuccessStatusCode();
        var settled = await SettleAsync(reader, TimeSpan.FromMinutes(10));
        Console.WriteLine($"  matching settled after {clock.Elapsed.TotalSeconds:F1} s, {settled} USD proposed");
        foreach (var client in states.Values.Concat(donors)) client.Dispose();
        return new BackgroundLoad(count, count, loadSeconds, clock.Elapsed.TotalSeconds, settled);
    }

    // Quiet = the proposed total unchanged over three polls 2 s apart, once there is any proposal.
    private static async Task<string> SettleAsync(HttpClient reader, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = "";
        var same = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var summary = await (await reader.GetAsync("api/v1/summary")).ReadObjectAsync();
            var proposed = summary["totals"]!["proposedUsd"]!.GetValue<string>();
            same = proposed == last && proposed != "0.00" ? same + 1 : 0;
            last = proposed;
            if (same >= 3)
            {
                return proposed;
            }
        }

        throw new TimeoutException($"Matching did not settle on the background market within {limit}.");
    }

    private static JsonObject NeedBody(Random random, string country, int index)
    {
        var instruments = new JsonArray();
        foreach (var instrument in Instruments.Where(_ => random.NextDouble() < 0.4).DefaultIfEmpty("grant")) instruments.Add(instrument);
        return new JsonObject
        {
            ["country"] = country,
            ["title"] = $"Background need {index}",
            ["sector"] = Sectors[random.Next(Sectors.Length)],
            ["amount"] = Money(random, 50_000, 5_000_000),
            ["instruments"] = instruments,
            ["priority"] = Pick(random, Priorities, [0.1, 0.3, 0.4, 0.2]),
        };
    }

    private static JsonObject PledgeBody(Random random, int index)
    {
        var countries = new JsonArray();
        if (random.NextDouble() >= 0.3) foreach (var c in Countries.OrderBy(_ => random.Next()).Take(random.Next(1, 4))) countries.Add(c);
        var sectors = new JsonArray();
        if (random.NextDouble() >= 0.35) foreach (var s in Sectors.OrderBy(_ => random.Next()).Take(random.Next(1, 4))) sectors.Add(s);
        return new JsonObject
        {
            ["title"] = $"Background pledge {index}",
            ["amount"] = Money(random, 10_000, 3_000_000),
            ["instrument"] = Pick(random, Instruments, [0.5, 0.15, 0.2, 0.15]),
            ["countries"] = countries,
            ["sectors"] = sectors,
        };
    }

    // Log-uniform in USD between the bounds, whole dollars.
    private static JsonObject Money(Random random, double min, double max) => new()
    {
        ["amount"] = Math.Round(min * Math.Pow(max / min, random.NextDouble())).ToString("F2", CultureInfo.InvariantCulture),
        ["currency"] = "USD",
    };

    private static T Pick<T>(Random random, T[] items, double[] shares)
    {
        var draw = random.NextDouble() * shares.Sum();
        for (var i = 0; i < items.Length; i++)
        {
            draw -= shares[i];
            if (draw <= 0) return items[i];
        }

        return items[^1];
    }
}
