using Grpc.Core;
using Marketplace.Needs.Grpc.V1;
using Marketplace.TestSupport;

namespace Marketplace.Needs.IntegrationTests;

public sealed class NeedsGrpcTests : IClassFixture<NeedsApiFactory>
{
    private readonly NeedsApiFactory _factory;

    public NeedsGrpcTests(NeedsApiFactory factory) => _factory = factory;

    [Fact]
    public async Task StreamNeeds_AsInternalService_StreamsPublishedNeeds()
    {
        var created = await (await _factory.ClientAs("state", "SV").PostAsync("/api/v1/needs", TestSupport.Json.Body(NeedBodies.Valid(country: "SV", amount: "1000.50"))))
            .Content.ReadAsStringAsync();
        var needs = new List<Need>();
        using var call = StreamNeeds(_factory.GrpcChannelAs("service", "matching"));
        await foreach (var need in call.ResponseStream.ReadAllAsync()) needs.Add(need);

        var streamed = Assert.Single(needs, n => created.Contains(n.Id));
        Assert.Equal("SV", streamed.Country);
        Assert.Equal("1000.50", streamed.Amount);
        Assert.Equal("0.00", streamed.Funded);
        Assert.Equal(["grant", "in-kind"], streamed.Instruments);
    }

    [Fact]
    public async Task StreamNeeds_AsMemberState_IsPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = StreamNeeds(_factory.GrpcChannelAs("state", "SV"));
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) { }
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task GetNeeds_AsInternalService_ReturnsTheKnownNeedsWithTheirDescription_AndLeavesUnknownIdsOut()
    {
        var body = NeedBodies.Valid(country: "HN", amount: "700.00");
        body["description"] = "Registro de solicitantes";
        var created = await (await _factory.ClientAs("state", "HN").PostAsync("/api/v1/needs", TestSupport.Json.Body(body))).ReadObjectAsync();
        var id = created["id"]!.GetValue<string>();

        var reply = await GetNeeds(_factory.GrpcChannelAs("service", "flows"), id, "need_unknown", id);

        var need = Assert.Single(reply.Needs);
        Assert.Equal((id, "HN", "Registro de solicitantes", "700.00"), (need.Id, need.Country, need.Description, need.Amount));
    }

    [Fact]
    public async Task GetNeeds_AsMemberState_IsPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GetNeeds(_factory.GrpcChannelAs("state", "SV"), "need_any"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private static Task<GetNeedsReply> GetNeeds(global::Grpc.Net.Client.GrpcChannel channel, params string[] ids)
    {
        var request = new GetNeedsRequest();
        request.Ids.AddRange(ids);
        return channel.CreateCallInvoker().AsyncUnaryCall(
            GrpcMethods.Unary("needs.v1.NeedsService", "GetNeeds", GetNeedsRequest.Parser, GetNeedsReply.Parser), null, new CallOptions(), request)
            .ResponseAsync;
    }

    /// <summary>
    /// The service assembly holds the server stubs and messages only (STYLE: servers compile with
    /// GrpcServices="Server"), so the test calls the method by its wire name with those messages.
    /// </summary>
    private static AsyncServerStreamingCall<Need> StreamNeeds(global::Grpc.Net.Client.GrpcChannel channel) =>
        channel.CreateCallInvoker().AsyncServerStreamingCall(
            GrpcMethods.ServerStreaming<StreamNeedsRequest, Need>("needs.v1.NeedsService", "StreamNeeds", Need.Parser), null, new CallOptions(),
            new StreamNeedsRequest());
}
