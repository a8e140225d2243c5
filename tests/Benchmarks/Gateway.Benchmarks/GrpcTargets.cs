using Grpc.Core;
using Grpc.Net.Client;
using Marketplace.Needs.Grpc.V1;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>Scenario 3: needs.v1.NeedsService/StreamNeeds over HTTP/2 (h2c), read to the end.</summary>
public static class GrpcTargets
{
    public static GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        },
    });

    public static Func<int, CancellationToken, Task<bool>> StreamNeeds(GrpcChannel channel, string token, int expected)
    {
        var client = new NeedsService.NeedsServiceClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        return async (_, ct) =>
        {
            using var call = client.StreamNeeds(new StreamNeedsRequest(), headers, cancellationToken: ct);
            var count = 0;
            while (await call.ResponseStream.MoveNext(ct)) count++;
            return count >= expected;
        };
    }
}
