using Marketplace.Needs.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Needs.Referrals;

/// <summary>
/// Refers due needs to the MIRPS Fund every <see cref="ReferralOptions.CheckIntervalSeconds"/>, or at once when
/// woken (the test clock moved). Every replica runs it; the store's conditional write makes one of them win.
/// </summary>
public sealed class ReferralJob(NeedReferrals referrals, IOptions<ReferralOptions> options, ILogger<ReferralJob> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.CheckIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await referrals.ReferDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Referring due needs to the MIRPS Fund failed; the job tries again at its next run");
            }
            await _wake.WaitAsync(interval, stoppingToken);
        }
    }
}
