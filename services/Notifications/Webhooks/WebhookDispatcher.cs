using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Mail;
using Marketplace.Notifications.Options;
using Marketplace.Notifications.Persistence;
using Marketplace.Notifications.Planning;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Webhooks;

/// <summary>
/// Delivers pending webhook deliveries: signed POSTs, claimed with a lease (replicas never send one twice
/// at once; a crashed sender's delivery is retried when its lease ends). A non-2xx answer, a timeout or a
/// refused connection is retried with exponential back-off; after <c>Notifications:WebhookRetryHours</c> the
/// delivery fails, its webhook is disabled and the organisation's admins are told.
/// </summary>
public sealed class WebhookDispatcher(
    INotificationStore store, IHttpClientFactory httpFactory, NotificationSignals signals, NotificationPlanner planner,
    IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int Workers = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var lease = TimeSpan.FromSeconds(options.Value.WebhookTimeoutSeconds * 3);
                if (await store.ClaimDeliveryAsync(clock.GetUtcNow(), clock.GetUtcNow() + lease, ct) is { } delivery)
                {
                    await AttemptAsync(delivery, ct);
                    continue;
                }
                await signals.Webhooks.WaitAsync(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Webhook deliveries could not be read; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var webhook = await store.GetWebhookAsync(delivery.WebhookId, ct);
        if (webhook is not { Status: Webhook.Active }) return;
        var at = clock.GetUtcNow();
        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, delivery.Payload, at));
            request.Headers.Add("Marketplace-Event-Id", delivery.EventId);
            request.Headers.Add("Marketplace-Event-Type", delivery.EventType);
            request.Headers.Add("Marketplace-Delivery-Id", delivery.Id);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("MIRPS-Marketplace-Webhooks", "1"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.WebhookTimeoutSeconds));
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await store.UpdateDeliveryAsync(delivery with
                {
                    Status = WebhookDelivery.Succeeded, Attempts = delivery.Attempts + 1, LastAttemptAt = at, ResponseStatus = status, Error = null,
                }, ct);
                return;
            }
            error = $"the receiver answered {status}";
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or IOException)
        {
            error = ex is TaskCanceledException ? "the receiver did not answer in time" : ex.Message;
        }
        await FailedAttemptAsync(webhook, delivery with { Attempts = delivery.Attempts + 1, LastAttemptAt = at, ResponseStatus = status, Error = error }, ct);
    }

    private async Task FailedAttemptAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - delivery.CreatedAt < TimeSpan.FromHours(options.Value.WebhookRetryHours))
        {
            await store.UpdateDeliveryAsync(delivery with { NextAttemptAt = now + RetrySchedule.Delay(delivery.Attempts, options.Value) }, ct);
            return;
        }
        var reason = $"Deliveries failed for {options.Value.WebhookRetryHours} h (last: {delivery.Error}).";
        logger.LogWarning("Webhook {WebhookId} of {Org} disabled: {Reason}", webhook.Id, webhook.Org, reason);
        var notice = await planner.PlanAsync(DisabledNotice(webhook, reason, options.Value.WebhookRetryHours, now), ct);
        await store.DisableWebhookAsync(delivery, reason, notice, ct);
        if (notice.Mails.Count > 0) signals.Mail.Notify();
    }

    private static MarketplaceEvent DisabledNotice(Webhook webhook, string reason, int hours, DateTimeOffset now) =>
        new($"webhook-disabled:{webhook.Id}", "webhook.disabled", now, webhook.Id,
            new JsonObject { ["webhookId"] = webhook.Id, ["url"] = webhook.Url, ["reason"] = reason }, [],
            [new Audience(webhook.Org, null, NotificationKinds.WebhookDisabled, AdminsOnly: true)],
            new($"Webhook desactivado: {webhook.Url}", $"Webhook disabled: {webhook.Url}"),
            new($"El webhook {webhook.Id} ({webhook.Url}) se desactivó: sus entregas fallaron durante {hours} horas. Regístrelo de nuevo cuando el receptor funcione; el registro de entregas muestra lo que no llegó.",
                $"Webhook {webhook.Id} ({webhook.Url}) was disabled: its deliveries failed for {hours} hours. Register it again once the receiver works; its delivery log shows what did not arrive."));
}
