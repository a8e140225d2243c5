using System.Reflection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>
/// Asks YARP's default forwarder client factory (the one the gateway uses: no custom factory is registered)
/// for a cluster client with an empty HttpClient config, and reads the SocketsHttpHandler it built.
/// </summary>
public static class ForwarderCheck
{
    public static string Describe()
    {
        var invoker = new ForwarderHttpClientFactory().CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "needs-grpc",
            OldConfig = HttpClientConfig.Empty,
            OldMetadata = null,
            OldClient = null,
            NewConfig = HttpClientConfig.Empty,
            NewMetadata = null,
        });
        var handler = typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(invoker);
        var version = typeof(ForwarderHttpClientFactory).Assembly.GetName().Version;
        return handler is SocketsHttpHandler sockets
            ? $"YARP {version} default forwarder client: SocketsHttpHandler EnableMultipleHttp2Connections = {sockets.EnableMultipleHttp2Connections}, " +
              $"MaxConnectionsPerServer = {sockets.MaxConnectionsPerServer}, UseProxy = {sockets.UseProxy}"
            : $"YARP {version}: could not inspect the forwarder handler ({handler?.GetType().Name ?? "null"})";
    }
}
