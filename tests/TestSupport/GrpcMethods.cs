using Google.Protobuf;
using Grpc.Core;

namespace Marketplace.TestSupport;

/// <summary>gRPC method descriptors built from a service's own message types, for calls by wire name.</summary>
public static class GrpcMethods
{
    public static Method<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(string service, string name, MessageParser<TResponse> parser)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse> =>
        new(MethodType.ServerStreaming, service, name,
            Marshallers.Create(r => r.ToByteArray(), bytes => new TRequest().Descriptor.Parser.ParseFrom(bytes) is TRequest t ? t : new TRequest()),
            Marshallers.Create(r => r.ToByteArray(), parser.ParseFrom));

    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name, MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.Unary, service, name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
}
