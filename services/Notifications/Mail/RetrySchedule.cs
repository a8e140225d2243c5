using Marketplace.Notifications.Options;

namespace Marketplace.Notifications.Mail;

/// <summary>Exponential back-off: the first retry after <c>FirstRetryDelaySeconds</c>, each next one twice as late, capped.</summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int failedAttempts, NotificationsOptions options)
    {
        var seconds = options.FirstRetryDelaySeconds * Math.Pow(2, Math.Min(Math.Max(failedAttempts - 1, 0), 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxRetryDelaySeconds));
    }
}
