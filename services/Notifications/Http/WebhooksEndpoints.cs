using System.Buffers.Text;
using System.Security.Cryptography;
using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Mail;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Persistence;
using Marketplace.Notifications.Planning;
using Marketplace.Notifications.Webhooks;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Identity;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Notifications.Http;

/// <summary>
/// <c>/api/v1/webhooks</c>: an organisation's endpoints for its events. Only the organisation's administrators
/// (people with <c>orgAdmin</c> in the identity service) register, list, delete and replay, and only their own
/// organisation's webhooks: another organisation's id is 404, as if it did not exist.
/// </summary>
public static class WebhooksEndpoints
{
    private static readonly HashSet<string> Fields = ["url", "events"];
    private static readonly HashSet<string> ServerOwned = ["id", "secret", "status", "createdAt", "disabledAt", "disabledReason", "version"];

    public static IEndpointRouteBuilder MapWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/v1/webhooks").RequireAuthorization(Policies.Authenticated);
        webhooks.MapPost("", CreateAsync).WithApi(WebhooksApi.Create()).HoldsSecretResponse();
        webhooks.MapGet("", ListAsync).WithApi(WebhooksApi.List());
        webhooks.MapGet("/{id}", GetAsync).WithApi(WebhooksApi.Get());
        webhooks.MapDelete("/{id}", DeleteAsync).WithApi(WebhooksApi.Delete());
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync).WithApi(WebhooksApi.Deliveries());
        webhooks.MapPost("/{id}/deliveries/{deliveryId}/replay", ReplayAsync).WithApi(WebhooksApi.Replay());
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, INotificationStore store, IPeopleDirectory people, WebhookAddressGuard guard,
        TimeProvider clock, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var fields = new RequestFields(body!, errors);
        fields.RejectUnknown(Fields, ServerOwned);
        var url = fields.String("url", required: true, minLength: 1, maxLength: 2000);
        var events = fields.CodeSet("events", required: false, nonEmpty: false, EventTypes.All.Contains, string.Join(' ', EventTypes.All)) ?? [];
        Uri? uri = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
            errors.Add("url", "must be an absolute https URL");
        else if (uri is not null && await guard.CheckAsync(uri, ct) is { } refusal) errors.Add("url", refusal);
        if (errors.Any) return Problems.Validation(errors);

        var caller = Caller.From(http.User);
        var webhook = new Webhook(Ids.New("whk"), caller.Org, uri!.ToString(), "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            events, Webhook.Active, caller.Subject, clock.GetUtcNow(), null, null, 1);
        await store.CreateWebhookAsync(webhook, ct);
        Versioning.SetETag(http.Response, webhook.Version);
        return Results.Created($"/api/v1/webhooks/{webhook.Id}", NotificationResponses.CreatedWebhook(webhook));
    }

    private static async Task<IResult> ListAsync(HttpContext http, INotificationStore store, IPeopleDirectory people, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        var errors = new FieldErrors();
        var (pageSize, after) = PageToken.Read(http.Request.Query["pageSize"].FirstOrDefault(), http.Request.Query["pageToken"].FirstOrDefault(), errors, PageToken.IsId);
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var org = Caller.From(http.User).Org;
        return ListResults.Paged(format, NotificationResponses.WebhookColumns, "webhooks", pageSize, after,
            (size, cursor, token) => store.ListWebhooksAsync(org, size, cursor, token), NotificationResponses.Webhook);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, INotificationStore store, IPeopleDirectory people, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        if (await OwnAsync(id, http, store, ct) is not { } webhook) return NoWebhook(id);
        Versioning.SetETag(http.Response, webhook.Version);
        return Results.Ok(NotificationResponses.Webhook(webhook));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, INotificationStore store, IPeopleDirectory people, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        if (await OwnAsync(id, http, store, ct) is null || !await store.DeleteWebhookAsync(id, ct)) return NoWebhook(id);
        return Results.Ok(new { id, deleted = true });
    }

    private static async Task<IResult> DeliveriesAsync(string id, HttpContext http, INotificationStore store, IPeopleDirectory people, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        var errors = new FieldErrors();
        var (pageSize, after) = PageToken.Read(http.Request.Query["pageSize"].FirstOrDefault(), http.Request.Query["pageToken"].FirstOrDefault(), errors, PageToken.IsId);
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        if (await OwnAsync(id, http, store, ct) is null) return NoWebhook(id);
        return ListResults.Paged(format, NotificationResponses.DeliveryColumns, "deliveries", pageSize, after,
            (size, cursor, token) => store.ListDeliveriesAsync(id, size, cursor, token), NotificationResponses.Delivery);
    }

    /// <summary>Sends one delivery's event again, as a new delivery (same event id and body, so a receiver that dedupes by event id stays correct).</summary>
    private static async Task<IResult> ReplayAsync(string id, string deliveryId, HttpContext http, INotificationStore store, IPeopleDirectory people,
        NotificationSignals signals, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminAsync(http, people, ct) is { } refused) return refused;
        if (await OwnAsync(id, http, store, ct) is not { } webhook) return NoWebhook(id);
        var original = await store.GetDeliveryAsync(deliveryId, ct);
        if (original is null || original.WebhookId != id) return Problems.NotFound($"Webhook '{id}' has no delivery '{deliveryId}'.");
        if (webhook.Status != Webhook.Active) return Problems.Conflict("The webhook is disabled; register the endpoint again to receive deliveries.");
        var now = clock.GetUtcNow();
        var replay = original with
        {
            Id = Ids.New("dlv"), Status = WebhookDelivery.Pending, Attempts = 0, CreatedAt = now, NextAttemptAt = now, LastAttemptAt = null,
            ResponseStatus = null, Error = null, ReplayOf = original.Id,
        };
        await store.InsertDeliveryAsync(replay, ct);
        signals.Webhooks.Notify();
        return Results.Accepted($"/api/v1/webhooks/{id}/deliveries", NotificationResponses.Delivery(replay));
    }

    private static async Task<Webhook?> OwnAsync(string id, HttpContext http, INotificationStore store, CancellationToken ct) =>
        await store.GetWebhookAsync(id, ct) is { } w && w.Org == Caller.From(http.User).Org ? w : null;

    /// <returns>null when the caller is an active administrator of their organisation, else the refusal.</returns>
    private static async Task<IResult?> AdminAsync(HttpContext http, IPeopleDirectory people, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        try
        {
            var person = (await people.PeopleOfAsync(caller.Org, ct)).FirstOrDefault(p => p.Id == caller.Subject);
            return person is { OrgAdmin: true } ? null : Problems.Forbidden("Only the organisation's administrators manage its webhooks.");
        }
        catch (IdentityUnavailableException)
        {
            return Problems.Problem(503, "Service unavailable", "Who administers your organisation cannot be checked now; try again shortly.");
        }
    }

    private static IResult NoWebhook(string id) => Problems.NotFound($"Your organisation has no webhook '{id}'.");
}
