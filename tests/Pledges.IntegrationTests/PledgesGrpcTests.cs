using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

public sealed class PledgesGrpcTests : IClassFixture<PledgesApiFactory>
{
    private readonly PledgesApiFactory _factory;

    public PledgesGrpcTests(PledgesApiFactory factory) => _factory = factory;

    private GrpcChannel Matching => _factory.GrpcChannelAs("service", "matching");

    [Fact]
    public async Task StreamPledges_AsInternalService_StreamsPostedPledges()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "1000.50", currency: "USD", countries: ["SV"], sectors: []));
        var pledges = new List<Pledge>();

        using var call = GrpcCalls.StreamPledges(Matching);
        await foreach (var pledge in call.ResponseStream.ReadAllAsync()) pledges.Add(pledge);

        var streamed = Assert.Single(pledges, p => p.Id == id);
        Assert.Equal("US", streamed.Donor);
        Assert.Equal("1000.50", streamed.Amount);
        Assert.Equal("0.00", streamed.Allocated);
        Assert.Equal("USD", streamed.Currency);
        Assert.Equal(["SV"], streamed.Countries);
        Assert.Empty(streamed.Sectors);
        Assert.Equal("", streamed.MinAllocation);
        Assert.Equal("open", streamed.Status);
    }

    [Fact]
    public async Task StreamPledges_AsDonor_IsPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = GrpcCalls.StreamPledges(_factory.GrpcChannelAs("donor", "US"));
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) { }
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ReserveAndRelease_RecordTheRelayedDeciderInTheAudit_WithoutANameTheSubject()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "500.00", currency: "USD", countries: ["SV"], sectors: []));

        var reserve = Reserve("match-named", id, "100.00");
        reserve.ActorName = "Lucía Delegada";
        await GrpcCalls.ReserveAsync(Matching, reserve);
        await GrpcCalls.ReleaseAsync(Matching, new ReleaseAllocationRequest { MatchId = "match-named", PledgeId = id, Actor = "secretariat", ActorOrg = "UNHCR-OAS" });
        var audit = (await (await _factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/audit?entityId={id}")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal([("pledge.created", "donor-us"), ("pledge.allocation-committed", "Lucía Delegada"), ("pledge.allocation-released", "secretariat")],
            audit.Select(e => (e!["action"]!.GetValue<string>(), e["actorName"]!.GetValue<string>())));
        Assert.Equal("chair-1", audit[1]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetPledges_AsInternalService_ReturnsTheKnownPledgesWithTheirInstrument_AndLeavesUnknownIdsOut()
    {
        var created = await (await _factory.ClientAs("donor", "CA").PostAsync("/api/v1/pledges", TestSupport.Json.Body(PledgeBodies.Valid(amount: "900.00", currency: "CAD"))))
            .ReadObjectAsync();
        var id = created["id"]!.GetValue<string>();
        var request = new GetPledgesRequest();
        request.Ids.AddRange([id, "pledge_unknown"]);

        var reply = await GrpcCalls.GetPledgesAsync(_factory.GrpcChannelAs("service", "flows"), request);

        var pledge = Assert.Single(reply.Pledges);
        Assert.Equal((id, "CA", created["instrument"]!.GetValue<string>(), "900.00", "CAD"),
            (pledge.Id, pledge.Donor, pledge.Instrument, pledge.Amount, pledge.Currency));
    }

    [Fact]
    public async Task GetPledges_AsDonor_IsPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcCalls.GetPledgesAsync(_factory.GrpcChannelAs("donor", "US"), new GetPledgesRequest()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ReserveAllocation_AsDonor_IsPermissionDenied()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            GrpcCalls.ReserveAsync(_factory.GrpcChannelAs("donor", "US"), Reserve("m-donor", id, "10.00")));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task ReserveAllocation_FiftyParallelOverCapacity_ExactlyTheFeasibleCountSucceeds()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "1000.00", currency: "USD"));
        var channel = Matching;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                await GrpcCalls.ReserveAsync(channel, Reserve($"match-{i}", id, "30.00"));
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal(33, outcomes.Count(s => s == StatusCode.OK));
        Assert.Equal(17, outcomes.Count(s => s == StatusCode.FailedPrecondition));
        var pledge = await GetAsync(id);
        Assert.Equal("990.00", pledge["allocated"]!["amount"]!.GetValue<string>());
        Assert.Equal("10.00", pledge["remaining"]!["amount"]!.GetValue<string>());
        Assert.Equal("partially-allocated", pledge["status"]!.GetValue<string>());
        Assert.Equal(1 + 33, pledge["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReserveAllocation_SameMatchRepeated_CountsOnce()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GrpcCalls.ReserveAsync(Matching, Reserve("match-once", id, "60.00"))));
        var again = await GrpcCalls.ReserveAsync(Matching, Reserve("match-once", id, "60.00"));

        Assert.All(replies, r => Assert.Equal(id, r.PledgeId));
        Assert.Equal("60.00", again.Allocated);
        var pledge = await GetAsync(id);
        Assert.Equal("60.00", pledge["allocated"]!["amount"]!.GetValue<string>());
        Assert.Equal(2, pledge["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReleaseAllocation_ThenLateReserve_IsAborted()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));
        await GrpcCalls.ReserveAsync(Matching, Reserve("match-kept", id, "20.00"));
        await GrpcCalls.ReserveAsync(Matching, Reserve("match-released", id, "30.00"));

        var released = await GrpcCalls.ReleaseAsync(Matching, Release("match-released", id));
        var releasedAgain = await GrpcCalls.ReleaseAsync(Matching, Release("match-released", id));
        var reReserve = await Assert.ThrowsAsync<RpcException>(() => GrpcCalls.ReserveAsync(Matching, Reserve("match-released", id, "30.00")));
        var tombstone = await GrpcCalls.ReleaseAsync(Matching, Release("match-never-reserved", id));
        var late = await Assert.ThrowsAsync<RpcException>(() => GrpcCalls.ReserveAsync(Matching, Reserve("match-never-reserved", id, "10.00")));

        Assert.Equal("20.00", released.Allocated);
        Assert.Equal("20.00", releasedAgain.Allocated);
        Assert.Equal(StatusCode.Aborted, reReserve.StatusCode);
        Assert.Equal("20.00", tombstone.Allocated);
        Assert.Equal(StatusCode.Aborted, late.StatusCode);
        Assert.Equal("20.00", (await GetAsync(id))["allocated"]!["amount"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("10.00", "EUR", StatusCode.InvalidArgument)]
    [InlineData("0", "USD", StatusCode.InvalidArgument)]
    [InlineData("ten", "USD", StatusCode.InvalidArgument)]
    [InlineData("10.00", "", StatusCode.InvalidArgument)]
    [InlineData("100.01", "USD", StatusCode.FailedPrecondition)]
    public async Task ReserveAllocation_InvalidOrTooLarge_IsRefusedAndChangesNothing(string amount, string currency, StatusCode expected)
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            GrpcCalls.ReserveAsync(Matching, Reserve($"match-{Guid.NewGuid():N}", id, amount, currency)));

        Assert.Equal(expected, error.StatusCode);
        Assert.Equal(1, (await GetAsync(id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReserveAllocation_UnknownPledge_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            GrpcCalls.ReserveAsync(Matching, Reserve("match-x", "pledge_00000000000000000000000000000000", "1.00")));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ReserveAllocation_WithdrawnPledge_IsFailedPrecondition()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));
        Assert.Equal(HttpStatusCode.OK, (await _factory.ClientAs("donor", "US").PostAsync($"/api/v1/pledges/{id}/withdraw", null)).StatusCode);

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcCalls.ReserveAsync(Matching, Reserve("match-w", id, "1.00")));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task Patch_AmountBelowAllocated_Returns409_AndAtAllocated_Succeeds()
    {
        var id = await CreateAsync(PledgeBodies.Valid(amount: "100.00", currency: "USD"));
        await GrpcCalls.ReserveAsync(Matching, Reserve("match-lower", id, "40.00"));
        var client = _factory.ClientAs("donor", "US");

        var below = await client.SendAsync(Patch(id, "{\"amount\":{\"amount\":\"39.99\"}}", "\"2\""));
        var at = await client.SendAsync(Patch(id, "{\"amount\":{\"amount\":\"40.00\"}}", "\"2\""));

        Assert.Equal(HttpStatusCode.Conflict, below.StatusCode);
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
        var pledge = await at.ReadObjectAsync();
        Assert.Equal("fully-allocated", pledge["status"]!.GetValue<string>());
        Assert.Equal("0.00", pledge["remaining"]!["amount"]!.GetValue<string>());
    }

    private static ReserveAllocationRequest Reserve(string matchId, string pledgeId, string amount, string currency = "USD") => new()
    {
        MatchId = matchId, PledgeId = pledgeId, Amount = amount, Currency = currency, Actor = "chair-1", ActorOrg = "CHAIR",
    };

    private static ReleaseAllocationRequest Release(string matchId, string pledgeId) => new()
    {
        MatchId = matchId, PledgeId = pledgeId, Actor = "chair-1", ActorOrg = "CHAIR",
    };

    private async Task<string> CreateAsync(System.Text.Json.Nodes.JsonObject body)
    {
        var response = await _factory.ClientAs("donor", "US").PostAsync("/api/v1/pledges", Json.Body(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private async Task<System.Text.Json.Nodes.JsonObject> GetAsync(string id) =>
        await (await _factory.ClientAs("donor", "US").GetAsync($"/api/v1/pledges/{id}")).ReadObjectAsync();

    private static HttpRequestMessage Patch(string id, string json, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/pledges/{id}") { Content = Json.Body(json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
