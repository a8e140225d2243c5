using System.Diagnostics;
using System.Net;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// Scenario (d): the needs service is killed (kill -9) in the middle of a burst of approvals, so some
/// approvals die between the pledge reservation and the need commitment. After it restarts and
/// ApprovalRecovery has run, for every match: approved ⇔ both the pledge and the need hold it, and the
/// totals agree (pledge allocated = Σ approved = Σ needs funded).
/// </summary>
public sealed class ApprovalCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NeedCount = 24;
    private readonly MarketplaceProcesses _system = new();

    public Task InitializeAsync() =>
        _system.StartAsync(everyProcess: new Dictionary<string, string> { ["Matching__ApprovalRecoveryGraceSeconds"] = "3" });

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task KillNeeds_DuringBurstOfApprovals_ApprovedIffBothSidesCommittedAndTotalsAgree()
    {
        var state = await _system.ClientAsync("state-gt");
        var donor = await _system.ClientAsync("donor-ca");
        var secretariat = await _system.ClientAsync("secretariat");
        var matching = ServiceDatabase.Of(_system, "matching");
        var needs = new List<string>();
        for (var i = 0; i < NeedCount; i++) needs.Add(await state.PostNeedAsync("GT", "1000.00", sector: "reception-shelter", title: $"Approval need {i}"));
        var pledgeId = await donor.PostPledgeAsync($"{NeedCount * 1000}.00", "[\"GT\"]", "[\"reception-shelter\"]");
        var proposals = await Eventually.GetAsync(() => secretariat.MatchesAsync($"status=proposed&pledgeId={pledgeId}"),
            p => p.Count == NeedCount, TimeSpan.FromSeconds(30), $"{NeedCount} proposals");
        var matchIds = proposals.Select(p => p!["id"]!.GetValue<string>()).ToList();

        var responses = new Dictionary<string, HttpStatusCode>();
        var killed = false;
        await Parallel.ForEachAsync(matchIds, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            var response = await secretariat.PostAsync($"api/v1/matches/{id}/approve", null);
            lock (responses)
            {
                responses[id] = response.StatusCode;
                if (!killed && responses.Count == NeedCount / 4)
                {
                    killed = true;
                    _system.Kill("needs");
                }
            }
        });
        var inFlight = await matching.CountAsync(
            $"SELECT COUNT(*) FROM matches WHERE pledge_id = '{pledgeId}' AND status IN ('approving', 'compensating')");

        var restart = Stopwatch.StartNew();
        _system.Start("needs");
        await _system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Eventually.GetAsync(() => matching.CountAsync(
                $"SELECT COUNT(*) FROM matches WHERE pledge_id = '{pledgeId}' AND status IN ('approving', 'compensating')"),
            n => n == 0, TimeSpan.FromSeconds(60), "recovery to settle every in-flight approval");
        var recovered = restart.Elapsed;

        var approved = (await secretariat.MatchesAsync($"status=approved&pledgeId={pledgeId}"))
            .ToDictionary(m => m!["needId"]!.GetValue<string>(), m => decimal.Parse(m!.Amount("amount")));
        var funded = new Dictionary<string, decimal>();
        foreach (var need in needs) funded[need] = decimal.Parse((await secretariat.GetObjectAsync($"api/v1/needs/{need}")).Amount("funded"));
        var allocated = decimal.Parse((await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}")).Amount("allocated"));
        var inconsistent = needs.Count(n => funded[n] != approved.GetValueOrDefault(n));
        var ok = responses.Count(r => r.Value == HttpStatusCode.OK);

        output.WriteLine($"responses: {string.Join(", ", responses.GroupBy(r => r.Value).Select(g => $"{(int)g.Key}×{g.Count()}"))}; " +
            $"in flight right after the burst: {inFlight}; approved {approved.Count}, allocated {allocated}, funded {funded.Values.Sum()}");
        ReliabilityReport.Record(new ScenarioResult("d", "kill -9 needs during a burst of 24 approvals, restart",
            NeedCount, approved.Count, inconsistent, (long)(allocated - approved.Values.Sum()) / 1000, "n/a", recovered,
            $"HTTP 200×{ok}, 503/409×{NeedCount - ok}; {inFlight} approvals left in flight, settled by ApprovalRecovery; " +
            $"pledge allocated {allocated:0} = Σ approved {approved.Values.Sum():0} = Σ needs funded {funded.Values.Sum():0}"), output);

        Assert.True(killed);
        Assert.Equal(0, inconsistent);
        Assert.Equal(approved.Values.Sum(), allocated);
        Assert.Equal(approved.Values.Sum(), funded.Values.Sum());
        Assert.All(responses.Where(r => r.Value == HttpStatusCode.OK), r => Assert.Contains(r.Key, approved.Keys.Select(n =>
            proposals.Single(p => p!["needId"]!.GetValue<string>() == n)!["id"]!.GetValue<string>())));
    }
}
