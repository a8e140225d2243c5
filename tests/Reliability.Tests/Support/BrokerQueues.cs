using System.Diagnostics;
using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// Message counts (ready + unacknowledged) of a virtual host's queues, read with
/// <c>rabbitmqctl list_queues</c> from the suite's own node or the shared broker (read-only).
/// </summary>
public sealed class BrokerQueues(RabbitMqNode? node, string vhost)
{
    public async Task<Dictionary<string, long>> CountsAsync()
    {
        string[] args = ["list_queues", "-p", vhost.Length == 0 ? "/" : vhost, "name", "messages"];
        var (code, output) = node is not null ? await node.CtlAsync(args) : await SharedCtlAsync(args);
        if (code != 0) throw new InvalidOperationException($"rabbitmqctl list_queues failed: {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 2 && long.TryParse(cells[1], out _))
            .ToDictionary(cells => cells[0], cells => long.Parse(cells[1]));
    }

    public async Task<long> CountAsync(string queue) => (await CountsAsync()).GetValueOrDefault(queue);

    /// <summary><c>rabbitmqctl -q ARGS…</c> against the shared broker.</summary>
    public static async Task<(int ExitCode, string Output)> SharedCtlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-q");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
