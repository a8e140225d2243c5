using Marketplace.Notifications.Options;
using Marketplace.Notifications.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Mail;

/// <summary>
/// Sends the mail outbox through SMTP (MailKit). A mail is claimed with a lease, sent, then marked sent; when
/// the server is down or refuses, the mail is retried with exponential back-off, so nothing is lost. A crash
/// between the server's acceptance and the mark resends that one mail with the same Message-ID.
/// </summary>
public sealed class MailSender(
    INotificationStore store, NotificationSignals signals, IOptions<SmtpOptions> smtp, IOptions<NotificationsOptions> options,
    TimeProvider clock, ILogger<MailSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await signals.Mail.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The mail outbox could not be read; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends every mail due now over one SMTP connection.</summary>
    public async Task SendDueAsync(CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = smtp.Value.TimeoutSeconds * 1000 };
        try
        {
            while (await store.ClaimMailAsync(clock.GetUtcNow(), clock.GetUtcNow() + Lease, ct) is { } mail)
            {
                try
                {
                    if (!client.IsConnected) await ConnectAsync(client, ct);
                    await client.SendAsync(MailComposer.Compose(mail, smtp.Value), ct);
                    await store.MarkMailSentAsync(mail.Id, clock.GetUtcNow(), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var attempts = mail.Attempts + 1;
                    var next = clock.GetUtcNow() + RetrySchedule.Delay(attempts, options.Value);
                    logger.LogWarning("Mail {MailId} not sent (attempt {Attempts}): {Error}; next try at {Next}", mail.Id, attempts, ex.Message, next);
                    await store.RescheduleMailAsync(mail.Id, attempts, next, ex.Message, ct);
                    if (client.IsConnected) await client.DisconnectAsync(true, CancellationToken.None);
                    return;
                }
            }
        }
        finally
        {
            if (client.IsConnected) await client.DisconnectAsync(true, CancellationToken.None);
        }
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken ct)
    {
        var o = smtp.Value;
        var security = o.Security switch
        {
            "StartTls" => SecureSocketOptions.StartTls,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
    }
}
