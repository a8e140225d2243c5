using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>Once a second during the event path run.</summary>
public sealed record BacklogSample(double AtSeconds, int AwaitingProposal, long OutboxPending, long QueueReady);

public sealed record EventPathResult(
    int DebounceMs, int Rate, int Seconds, int Accepted, int Visible, int Failed, double AchievedRate,
    Percentiles Latency, Percentiles Accept, IReadOnlyList<BacklogSample> Backlog, int Rounds, double MedianRoundMs,
    double ObserverRequestsPerSecond);

/// <summary>
/// Scenario 4: pledges posted through the gateway at a steady rate (open loop: the schedule does not wait for
/// responses), each earmarked to the country and sector of exactly one seeded need, and the time from the
/// 201 to the first moment the match list shows its proposal.
/// Observation: every 10 ms one GET /api/v1/matches?orderBy=-proposedAt reads the newest matches, page by page down to the
/// newest one it saw before (the list is in commit order), so each proposal is seen once, by the look after its round
/// committed. Resolution ≈ the 10 ms tick plus the pages of one round; the observer adds ≈ 100 small GET/s plus a few
/// pages per round, whatever the number of pledges waiting.
/// </summary>
public sealed class EventPathBenchmark(MarketplaceProcesses system, HttpClient donor, HttpClient reader, IReadOnlyList<(string Country, string Sector)> earmarks)
{
    private static readonly Regex RoundLine = new(@"Matching round round_\w+ \(events(?:, (?:incremental|full))?\): \d+ proposals, \d+ new, \d+ superseded, ([\d.]+) ms", RegexOptions.Compiled);
    /// <summary>The phases the matching service logs for each round (MatchingRoundRunner), printed as medians beside the table.</summary>
    private static readonly Regex RoundPhases = new(
        @"\(events(?:, (?:incremental|full))?\):.*\(read ([\d.]+) ms, (full|changes):.*; prepare ([\d.]+) ms; engine ([\d.]+) ms; build ([\d.]+) ms; write ([\d.]+) ms\)",
        RegexOptions.Compiled);
    private static readonly Regex RoundChurn = new(@"\(events(?:, (?:incremental|full))?\): \d+ proposals, (\d+) new, (\d+) superseded", RegexOptions.Compiled);
    private readonly Dictionary<string, long> _waiting = new();
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _accept = new();
    private long _observerRequests;
    private int _accepted, _visible, _failed;

    public async Task<EventPathResult> RunAsync(int debounceMs, int rate, int seconds)
    {
        var roundsBefore = RoundDurations().Count;
        var total = rate * seconds;
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var backlog = new List<BacklogSample>();
        using var stopSampling = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp();
        var sampler = SampleBacklogAsync(backlog, start, stopSampling.Token);
        var sendingDone = false;
        var observer = Task.Run(async () =>
        {
            var deadline = DateTime.MaxValue;
            while (true)
            {
                if (Volatile.Read(ref sendingDone) && deadline == DateTime.MaxValue) deadline = DateTime.UtcNow.AddSeconds(30);
                int waiting;
                lock (_waiting) waiting = _waiting.Count;
                if ((Volatile.Read(ref sendingDone) && waiting == 0) || DateTime.UtcNow > deadline) return;
                await ObserveOnceAsync();
                await Task.Delay(10);
            }
        });

        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due);
            sends.Add(PostPledgeAsync(i));
        }
        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(sends);
        Volatile.Write(ref sendingDone, true);
        await observer;
        var observedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await ReportMissingAsync();
        stopSampling.Cancel();
        await sampler;
        var rounds = RoundDurations().Skip(roundsBefore).ToList();
        PrintRoundPhases(roundsBefore);
        return new EventPathResult(debounceMs, rate, seconds, _accepted, _visible, _failed + (_accepted - _visible), total / sendSeconds,
            BrokerFloorProbe.Summarise(_latency), BrokerFloorProbe.Summarise(_accept), backlog, rounds.Count,
            PairResult.Median(rounds), _observerRequests / observedSeconds);
    }

    private async Task PostPledgeAsync(int i)
    {
        var (country, sector) = earmarks[i % earmarks.Count];
        var body = $$"""{"title":"Event path pledge {{i}}","amount":{"amount":"1000.00","currency":"USD"},"instrument":"grant","countries":["{{country}}"],"sectors":["{{sector}}"]}""";
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await donor.PostAsync("api/v1/pledges", content);
            if (response.StatusCode != HttpStatusCode.Created) { Interlocked.Increment(ref _failed); return; }
            var accepted = Stopwatch.GetTimestamp();
            var id = (await response.ReadObjectAsync())["id"]!.GetValue<string>();
            lock (_waiting)
            {
                _accept.RecordMicroseconds((long)Stopwatch.GetElapsedTime(sent, accepted).TotalMicroseconds);
                _accepted++;
                if (_seenBeforeAccepted.Remove(id, out var visible)) Record(accepted, visible);
                else _waiting[id] = accepted;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // A refused or timed-out post (the client's 30 s limit on an overloaded box) is a failed pledge of the
            // event path, reported in its table, not the end of the benchmark.
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>
    /// One look at the proposals committed since the last look: the newest first, page by page until a match already
    /// seen (commit order is the list's order, so everything older was seen by an earlier look). The first look only
    /// marks the newest match of the background market as seen.
    /// </summary>
    private async Task ObserveOnceAsync()
    {
        string? token = null;
        var newest = (string?)null;
        var pageSize = FirstPageSize;
        while (true)
        {
            Interlocked.Increment(ref _observerRequests);
            using var response = await reader.GetAsync($"api/v1/matches?orderBy=-proposedAt&pageSize={pageSize}" +
                (token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}"));
            if (response.StatusCode != HttpStatusCode.OK) return;
            var page = await response.ReadObjectAsync();
            var now = Stopwatch.GetTimestamp();
            foreach (var item in page["items"]!.AsArray())
            {
                var id = item!["id"]!.GetValue<string>();
                newest ??= id;
                if (!_baseline || id == _lastSeen)
                {
                    (_lastSeen, _baseline) = (newest, true);
                    return;
                }
                var pledgeId = item["pledgeId"]!.GetValue<string>();
                lock (_waiting)
                {
                    if (_waiting.Remove(pledgeId, out var accepted)) Record(accepted, now);
                    else _seenBeforeAccepted.TryAdd(pledgeId, now);
                }
            }
            token = page["nextPageToken"]?.GetValue<string>();
            if (token is null)
            {
                (_lastSeen, _baseline) = (newest ?? _lastSeen, true);
                return;
            }
            // A round's proposals usually span more than the first, small page: the rest in large pages.
            pageSize = 200;
        }
    }

    private const int FirstPageSize = 10;

    // Accepted pledges the observer never saw proposed: what the API says of each (its status and its matches), so a
    // "missing" count tells a pledge left unproposed by the optimum from a proposal the observer missed.
    private async Task ReportMissingAsync()
    {
        List<string> missing;
        lock (_waiting) missing = [.. _waiting.Keys.Order(StringComparer.Ordinal)];
        foreach (var id in missing.Take(20))
        {
            using var pledge = await reader.GetAsync($"api/v1/pledges/{id}");
            var status = pledge.IsSuccessStatusCode ? (await pledge.ReadObjectAsync())["status"]?.GetValue<string>() : $"HTTP {(int)pledge.StatusCode}";
            using var matches = await reader.GetAsync($"api/v1/matches?pledgeId={id}");
            var items = matches.IsSuccessStatusCode ? (await matches.ReadObjectAsync())["items"]!.AsArray() : [];
            Console.WriteLine($"  never seen proposed: {id} (status {status}): {items.Count} matches" +
                string.Concat(items.Select(m => $"; {m!["id"]} {m["status"]} at {m["proposedAt"]}")));
        }
    }

    // The newest match the observer has seen, and the pledges whose proposal it saw before their 201 was read.
    private string? _lastSeen;
    private bool _baseline;
    private readonly Dictionary<string, long> _seenBeforeAccepted = new();

    private void Record(long accepted, long visible)
    {
        _latency.RecordMicroseconds(Math.Max(0, (long)Stopwatch.GetElapsedTime(accepted, visible).TotalMicroseconds));
        _visible++;
    }

    private async Task SampleBacklogAsync(List<BacklogSample> samples, long start, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.BrokerUrl) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            int waiting;
            lock (_waiting) waiting = _waiting.Count;
            long ready;
            try
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                ready = (await channel.QueueDeclarePassiveAsync("pledge-events", ct)).MessageCount;
            }
            catch (Exception e) when (e is not OperationCanceledException) { ready = -1; }
            samples.Add(new BacklogSample(Stopwatch.GetElapsedTime(start).TotalSeconds, waiting, OutboxPending(), ready));
            try { await Task.Delay(1000, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Unpublished rows in the pledges service's outbox (read-only; WAL lets us read beside its writer).</summary>
    private long OutboxPending()
    {
        try
        {
            var file = Directory.EnumerateFiles(Path.Combine(system.DataDirectory, "pledges"), "*.db").First();
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM outbox WHERE published_at IS NULL";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
        {
            return -1;
        }
    }

    private void PrintRoundPhases(int skip)
    {
        var log = system.LogOf("matching");
        var phases = RoundPhases.Matches(log).Skip(skip).ToList();
        if (phases.Count == 0) return;
        var churn = RoundChurn.Matches(log).Skip(skip).ToList();
        Console.WriteLine($"  proposals per round, median: {PairResult.Median(churn.Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList()):F0} new, " +
            $"{PairResult.Median(churn.Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList()):F0} superseded");
        double Median(int group) => PairResult.Median(phases.Select(m => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture)).ToList());
        Console.WriteLine($"  round phases, median of {phases.Count} rounds ({phases.Count(m => m.Groups[2].Value == "full")} full reads): " +
            $"read {Median(1):F1} ms, prepare {Median(3):F1} ms, engine {Median(4):F1} ms, build {Median(5):F1} ms, write {Median(6):F1} ms");
    }

    private List<double> RoundDurations() => RoundLine.Matches(system.LogOf("matching"))
        .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The proposal pledges of the event path earmark: one need per (country, sector).</summary>
    public static IReadOnlyList<(string Country, string Sector)> AllEarmarks() =>
        (from country in new[] { "BZ", "CR", "SV", "GT", "HN", "MX", "PA" }
         from sector in new[] { "asylum-systems", "protection", "reception-shelter", "education", "health", "social-protection",
             "employment-livelihoods", "local-governance", "statistical-inclusion" }
         select (country, sector)).ToList();

    public static JsonObject NeedBody(string country, string sector) => new()
    {
        ["country"] = country,
        ["title"] = $"Benchmark need {country} {sector}",
        ["sector"] = sector,
        ["amount"] = new JsonObject { ["amount"] = "100000000.00", ["currency"] = "USD" },
        ["instruments"] = new JsonArray("grant"),
        ["priority"] = "high",
    };
}
