using Marketplace.Notifications.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Digest;

/// <summary>
/// Sends the daily digest at <c>Notifications:DigestHourUtc</c>, waiting on the injected
/// <see cref="TimeProvider"/> (so tests move time instead of waiting a day). A run gathers everything
/// written before it; entries a failed run left are gathered by the next.
/// </summary>
public sealed class DigestJob(DigestRunner runner, IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<DigestJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow(), options.Value.DigestHourUtc);
            try
            {
                await Task.Delay(next - clock.GetUtcNow(), clock, stoppingToken);
                var queued = await runner.RunAsync(next, stoppingToken);
                logger.LogInformation("Daily digest at {At}: {Count} e-mails queued", next, queued);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The daily digest at {At} failed; its entries wait for the next run", next);
            }
        }
    }

    /// <summary>The first digest hour strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, int hourUtc)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(hourUtc);
        return today > now ? today : today.AddDays(1);
    }
}
