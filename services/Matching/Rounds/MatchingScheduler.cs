using Marketplace.Matching.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Recomputes proposals automatically after relevant changes. Requests are debounced: a burst of events
/// makes one round once things are quiet for <see cref="MatchingOptions.DebounceMilliseconds"/>, and
/// never later than a few seconds after the first request.
/// </summary>
public sealed class MatchingScheduler(MatchingRoundRunner runner, IOptions<MatchingOptions> options, ILogger<MatchingScheduler> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _requested = new(0, 1);
    private long _requests;

    public void RequestRound()
    {
        Interlocked.Increment(ref _requests);
        if (_requested.CurrentCount == 0)
        {
            try { _requested.Release(); } catch (SemaphoreFullException) { }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var debounce = TimeSpan.FromMilliseconds(options.Value.DebounceMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await _requested.WaitAsync(stoppingToken);
            var first = DateTimeOffset.UtcNow;
            long seen;
            do
            {
                seen = Interlocked.Read(ref _requests);
                await Task.Delay(debounce, stoppingToken);
            }
            while (Interlocked.Read(ref _requests) != seen && DateTimeOffset.UtcNow - first < MaxDelay);
            try
            {
                await runner.RunAsync("events", stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Automatic matching round failed; it will run again on the next change");
            }
        }
    }
}
