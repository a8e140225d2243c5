using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>
/// The service assembly holds the server stubs and messages only (STYLE: servers compile with
/// GrpcServices="Server"), so tests call the methods by their wire names with those messages.
/// </summary>
public static class GrpcCalls
{
    private const string Service = "pledges.v1.PledgesService";

    public static AsyncServerStreamingCall<Pledge> StreamPledges(GrpcChannel channel) =>
        channel.CreateCallInvoker().AsyncServerStreamingCall(
            GrpcMethods.ServerStreaming<StreamPledgesRequest, Pledge>(Service, "StreamPledges", Pledge.Parser), null, new CallOptions(),
            new StreamPledgesRequest());

    public static Task<AllocationReply> ReserveAsync(GrpcChannel channel, ReserveAllocationRequest request) =>
        channel.CreateCallInvoker().AsyncUnaryCall(Unary("ReserveAllocation", ReserveAllocationRequest.Parser), null, new CallOptions(), request)
            .ResponseAsync;

    public static Task<AllocationReply> ReleaseAsync(GrpcChannel channel, ReleaseAllocationRequest request) =>
        channel.CreateCallInvoker().AsyncUnaryCall(Unary("ReleaseAllocation", ReleaseAllocationRequest.Parser), null, new CallOptions(), request)
            .ResponseAsync;

    public static Task<GetPledgesReply> GetPledgesAsync(GrpcChannel channel, GetPledgesRequest request) =>
        channel.CreateCallInvoker().AsyncUnaryCall(
            GrpcMethods.Unary(Service, "GetPledges", GetPledgesRequest.Parser, GetPledgesReply.Parser), null, new CallOptions(), request).ResponseAsync;

    private static Method<TRequest, AllocationReply> Unary<TRequest>(string name, MessageParser<TRequest> parser)
        where TRequest : IMessage<TRequest> =>
        new(MethodType.Unary, Service, name,
            Marshallers.Create(r => r.ToByteArray(), parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), AllocationReply.Parser.ParseFrom));
}
