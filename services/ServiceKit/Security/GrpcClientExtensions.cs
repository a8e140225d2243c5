using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.ServiceKit.Security;

public static class GrpcClientExtensions
{
    /// <summary>
    /// Attaches this service's own access token to every call. The channel is cleartext HTTP/2 inside the
    /// cluster network, so call credentials must be allowed on an insecure channel explicitly.
    /// </summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder) => builder
        .AddCallCredentials(async (context, metadata, services) =>
        {
            var token = await services.GetRequiredService<ServiceTokenProvider>().GetTokenAsync(context.CancellationToken);
            if (token is not null) metadata.Add("Authorization", $"Bearer {token}");
        })
        .ConfigureChannel(o => o.UnsafeUseInsecureChannelCallCredentials = true);
}
