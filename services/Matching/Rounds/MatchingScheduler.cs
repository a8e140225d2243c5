using Marketplace.Matching.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Recomputes proposals automatically after relevant changes. The first request starts a round (after a window of
/// <see cref="MatchingOptions.DebounceMilliseconds"/>, 0 by default); requests that arrive while it waits or runs
/// make the next one. So rounds batch a burst by themselves, and under steady traffic a change is proposed within
/// about one round in progress plus its own round, never starved by a quiet period that never comes.
/// </summary>
public sealed class MatchingScheduler(MatchingRoundRunner runner, IOptions<MatchingOptions> options, ILogger<MatchingScheduler> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _requested = new(0, 1);

    public void RequestRound()
    {
        if (_requested.CurrentCount == 0)
        {
            try { _requested.Release(); } catch (SemaphoreFullException) { }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.DebounceMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await _requested.WaitAsync(stoppingToken);
            // Collect what arrives in the window into this round; anything later wakes the next round.
            if (window > TimeSpan.Zero) await Task.Delay(window, stoppingToken);
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
