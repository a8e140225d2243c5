using System.Net;
using System.Text.Json.Nodes;
using MassTransit;
using MassTransit.Testing;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Options;
using Marketplace.Needs.Persistence;
using Marketplace.Needs.Referrals;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Needs.IntegrationTests;

// The automatic referral (API.md "MIRPS Fund"): time is moved on a referral clock, never waited for. Each test has
// its own clock (the service's own job keeps the real time, so it never refers these needs), so order does not matter.
public sealed class NeedReferralJobTests(NeedsApiFactory factory) : IClassFixture<NeedsApiFactory>
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(new ReferralOptions().ReferralAfterDays);

    private readonly ReferralClock _clock = new(TimeProvider.System);

    private ReferralClock Clock => _clock;

    private NeedReferrals Replica() => new(Store, Clock, factory.Services.GetRequiredService<IOptions<ReferralOptions>>(),
        NullLogger<NeedReferrals>.Instance);

    private NeedReferrals Referrals => Replica();

    private INeedStore Store => factory.Services.GetRequiredService<INeedStore>();

    private async Task<string> PublishAsync(string country = "SV")
    {
        var response = await factory.ClientAs("state", country).PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> ReadAsync(string id) => await (await factory.ClientAs("state", "SV").GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();

    private async Task<int> AuditCountAsync(string id, string action)
    {
        var audit = await (await factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/audit?entityId={id}")).ReadObjectAsync();
        return audit["items"]!.AsArray().Count(e => e!["action"]!.GetValue<string>() == action);
    }

    [Fact]
    public async Task ReferDue_AfterThePeriodWithoutProposals_RefersTheNeedAsSystem_NotBefore()
    {
        var id = await PublishAsync();

        Clock.Advance(Period - TimeSpan.FromHours(1));
        await Referrals.ReferDueAsync(CancellationToken.None);
        var early = await ReadAsync(id);
        Clock.Advance(TimeSpan.FromHours(2));
        await Referrals.ReferDueAsync(CancellationToken.None);
        var due = await ReadAsync(id);

        Assert.Null(early["referral"]);
        Assert.Equal("system", due["referral"]!["by"]!.GetValue<string>());
        Assert.Equal(1, await AuditCountAsync(id, "need.referred"));
    }

    [Fact]
    public async Task ReferDue_CountsFromTheLastProposal_NotFromPublication()
    {
        var id = await PublishAsync();
        Clock.Advance(Period / 2);
        await Store.RecordProposalActivityAsync([id], Clock.GetUtcNow(), CancellationToken.None);

        Clock.Advance(Period / 2 + TimeSpan.FromHours(1));
        await Referrals.ReferDueAsync(CancellationToken.None);
        var notYet = await ReadAsync(id);
        Clock.Advance(Period / 2);
        await Referrals.ReferDueAsync(CancellationToken.None);

        Assert.Null(notYet["referral"]);
        Assert.NotNull((await ReadAsync(id))["referral"]);
    }

    [Fact]
    public async Task ReferDue_BySeveralReplicasAtOnce_RefersEachNeedOnceWithOneAuditEntryAndOneEvent()
    {
        var ids = new List<string>();
        for (var i = 0; i < 12; i++) ids.Add(await PublishAsync(i % 2 == 0 ? "SV" : "PA"));
        Clock.Advance(Period + TimeSpan.FromDays(1));
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica()).ToList();

        var referred = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.ReferDueAsync(CancellationToken.None))));

        Assert.True(referred.Sum() >= ids.Count);
        foreach (var id in ids)
        {
            Assert.Equal(1, await AuditCountAsync(id, "need.referred"));
            Assert.Equal(2, (await ReadAsync(id))["version"]!.GetValue<long>());
        }
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        await Eventually.GetAsync(() => Task.FromResult(harness.Published.Select<NeedReferred>().Count(m => ids.Contains(m.Context.Message.Need.Id))),
            count => count >= ids.Count, TimeSpan.FromSeconds(10), "the referrals to be published");
        Assert.Equal(ids.Count, harness.Published.Select<NeedReferred>().Count(m => ids.Contains(m.Context.Message.Need.Id)));
    }

    [Fact]
    public async Task ReferIfDue_TwoReplicasWithTheSameRead_OnlyOneWrites()
    {
        var id = await PublishAsync();
        Clock.Advance(Period + TimeSpan.FromDays(1));
        var cutoff = Clock.GetUtcNow() - Period;
        var need = (await Store.ListDueForReferralAsync(cutoff, 1000, CancellationToken.None)).Single(n => n.Id == id);
        NeedChange Change(string reason)
        {
            var after = Domain.ReferralRules.Refer(need, new NeedReferral(Clock.GetUtcNow(), reason, NeedReferral.System), Clock.GetUtcNow());
            return new NeedChange(after, new NeedReferred(after.ToSnapshot()),
                new ServiceKit.Audit.AuditEntry(Clock.GetUtcNow(), "system", "test", "", "need.referred", id, new JsonObject()));
        }

        var first = await Store.ReferIfDueAsync(Change("first"), need.Version, cutoff, CancellationToken.None);
        var second = await Store.ReferIfDueAsync(Change("second"), need.Version, cutoff, CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        Assert.Equal("first", (await ReadAsync(id))["referral"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, await AuditCountAsync(id, "need.referred"));
    }

    [Fact]
    public async Task RoundReport_BilateralProposalsCoverTheGap_LiftsTheReferralOnce_AndRestartsTheClock()
    {
        var id = await PublishAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientAs("state", "SV").PostAsync($"/api/v1/needs/{id}/refer",
            Json.Body(new JsonObject { ["reason"] = "Urgent." }))).StatusCode);
        var bus = factory.Services.GetRequiredService<IBus>();
        var at = Clock.GetUtcNow();

        await bus.Publish(new MatchingRoundCompleted("round_1", at, 1, 1, 10m, 1, [new NeedProposalActivity(id, CoversGap: true)]));
        await bus.Publish(new MatchingRoundCompleted("round_1", at, 1, 1, 10m, 1, [new NeedProposalActivity(id, CoversGap: true)]));

        var lifted = await Eventually.GetAsync(() => ReadAsync(id), n => n["referral"] is null, TimeSpan.FromSeconds(10), "the referral to be lifted");
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        await Eventually.GetAsync(() => Task.FromResult(harness.Consumed.Select<MatchingRoundCompleted>().Count(m => m.Context.Message.RoundId == "round_1")),
            count => count == 2, TimeSpan.FromSeconds(10), "both reports to be consumed");
        Assert.Equal(3, lifted["version"]!.GetValue<long>());
        Assert.Equal(1, await AuditCountAsync(id, "need.referral-lifted"));
        Assert.Equal(at, (await Store.GetAsync(id, CancellationToken.None))!.LastProposalAt!.Value, TimeSpan.FromMilliseconds(1));
    }
}
