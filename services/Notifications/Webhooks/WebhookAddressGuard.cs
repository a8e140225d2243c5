using System.Net;
using System.Net.Sockets;

namespace Marketplace.Notifications.Webhooks;

/// <summary>
/// SSRF protection: outside Development a webhook may only reach public unicast addresses. A URL is checked
/// at registration (every address its host resolves to) and again at each delivery, where the connection is
/// made to an address that passed the check (<see cref="ConnectAsync"/>), so a DNS answer that changes
/// between check and connect (rebinding) cannot redirect a delivery inward.
/// </summary>
public sealed class WebhookAddressGuard(bool allowPrivateNetworks)
{
    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    /// <returns>Why the URL is refused, or null when it may be registered.</returns>
    public async Task<string?> CheckAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(AllowPrivateNetworks && url.Scheme == Uri.UriSchemeHttp)) return "must be an https URL";
        if (!string.IsNullOrEmpty(url.UserInfo)) return "must not contain credentials";
        if (!string.IsNullOrEmpty(url.Fragment)) return "must not contain a fragment";
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.DnsSafeHost, ct);
        }
        catch (SocketException)
        {
            return "names a host that does not resolve";
        }
        if (addresses.Length == 0) return "names a host that does not resolve";
        return addresses.All(Allowed) ? null : "resolves to a private, loopback, link-local or multicast address";
    }

    /// <summary>Connects to the first allowed address of the host (SocketsHttpHandler.ConnectCallback).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        var allowed = addresses.Where(Allowed).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
            throw new HttpRequestException($"The webhook host {context.DnsEndPoint.Host} resolves to an address deliveries may not reach.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(allowed[0], context.DnsEndPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool Allowed(IPAddress address) => AllowPrivateNetworks || IsPublic(address);

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)   // carrier-grade NAT
                     || (b[0] == 169 && b[1] == 254)                  // link-local (cloud metadata)
                     || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                     || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
                     || b[0] >= 224);                                 // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
            var b = address.GetAddressBytes();
            if ((b[0] & 0xfe) == 0xfc) return false;                  // unique local fc00::/7
            if (address.IsIPv6Teredo || (b[0] == 0x20 && b[1] == 0x02)) return false; // tunnels embedding IPv4 (6to4)
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false; // NAT64 64:ff9b::/96
            return true;
        }
        return false;
    }
}
