using System.Net;
using System.Net.Sockets;

namespace Marketplace.TestSupport;

/// <summary>
/// Ports for the processes a test starts. They come from below the kernel's ephemeral range
/// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768–60999 by default), where outgoing connections take
/// their local ports: a port picked in that range and released again can be taken by any client's connection
/// before the service binds it ("address already in use"). Each port is checked free and never handed out
/// twice by this process.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, EphemeralStart);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {EphemeralStart}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        const string path = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > Lowest + 1_000
            ? start
            : 32_768;
    }
}
