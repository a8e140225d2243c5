using System.Diagnostics;
using Marketplace.TestSupport;
using RabbitMQ.Client;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>
/// Makes sure the broker the run needs answers before anything is measured: the one named by RABBITMQ_URL,
/// or a local one brought up exactly as run.sh does (deploy/local/rabbitmq.sh: reuse, start or install).
/// A broker this run started is stopped at the end, as run.sh stops its own.
/// </summary>
public sealed class LocalBroker : IAsyncDisposable
{
    private bool _started;

    public static async Task<LocalBroker> EnsureAsync(string root)
    {
        var broker = new LocalBroker();
        if (await AnswersAsync())
        {
            return broker;
        }

        if (Environment.GetEnvironmentVariable("RABBITMQ_URL") is { Length: > 0 } url)
        {
            throw new InvalidOperationException($"RabbitMQ at RABBITMQ_URL ({url}) does not answer; start it or unset RABBITMQ_URL to use a local broker.");
        }

        Console.WriteLine("No RabbitMQ answers on localhost:5672; bringing one up as run.sh does (deploy/local/rabbitmq.sh) …");
        var script = Process.Start(new ProcessStartInfo("bash", ["-c", "source deploy/local/rabbitmq.sh && ensure_rabbitmq"]) { WorkingDirectory = root })!;
        await script.WaitForExitAsync();
        if (script.ExitCode != 0 || !await AnswersWithinAsync(TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("RabbitMQ could not be started (see the message above); the benchmark needs a broker.");
        }

        broker._started = true;
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            var stop = Process.Start(new ProcessStartInfo("rabbitmqctl", ["stop"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await stop.WaitForExitAsync();
        }
    }

    /// <summary>
    /// The script returns once the node answers a ping, which can be before its AMQP listener accepts a connection
    /// (seen on a loaded box): poll the listener until the deadline.
    /// </summary>
    private static async Task<bool> AnswersWithinAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await AnswersAsync())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return true;
    }

    private static async Task<bool> AnswersAsync()
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(MarketplaceProcesses.RabbitMqUrl), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using var connection = await factory.CreateConnectionAsync();
            return connection.IsOpen;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }
}
