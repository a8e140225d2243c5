using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Persistence;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Notifications.Http;

/// <summary>
/// <c>/api/v1/notifications</c>: a person's own in-app notifications and e-mail preferences. Every query is
/// keyed by the token's subject AND organisation, so nobody ever reads another person's notifications, nor
/// any of another organisation.
/// </summary>
public static class NotificationsEndpoints
{
    private static readonly HashSet<string> PreferenceFields = ["kinds"];

    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/v1/notifications").RequireAuthorization(Policies.Authenticated);
        notifications.MapGet("", List).WithApi(NotificationsApi.List());
        notifications.MapGet("/unread-count", UnreadAsync).WithApi(NotificationsApi.UnreadCount());
        notifications.MapPost("/{id}/read", MarkReadAsync).WithApi(NotificationsApi.MarkRead());
        notifications.MapPost("/read-all", MarkAllReadAsync).WithApi(NotificationsApi.MarkAllRead());
        notifications.MapGet("/preferences", GetPreferencesAsync).WithApi(NotificationsApi.GetPreferences());
        notifications.MapPut("/preferences", PutPreferencesAsync).WithApi(NotificationsApi.PutPreferences());
        return app;
    }

    private static IResult List(HttpContext http, INotificationStore store)
    {
        var caller = Caller.From(http.User);
        var q = http.Request.Query;
        var errors = new FieldErrors();
        var unread = q["unread"].FirstOrDefault() switch
        {
            null or "false" => false,
            "true" => true,
            _ => Invalid(errors, "unread", "must be true or false"),
        };
        var (pageSize, after) = PageToken.Read(q["pageSize"].FirstOrDefault(), q["pageToken"].FirstOrDefault(), errors, PageToken.IsId);
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        return ListResults.Paged(format, NotificationResponses.NotificationColumns, "notifications", pageSize, after,
            (size, cursor, ct) => store.ListNotificationsAsync(caller.Subject, caller.Org, unread, size, cursor, ct), NotificationResponses.Notification);
    }

    private static async Task<IResult> UnreadAsync(HttpContext http, INotificationStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        return Results.Ok(new { unread = await store.CountUnreadAsync(caller.Subject, caller.Org, ct) });
    }

    private static async Task<IResult> MarkReadAsync(string id, HttpContext http, INotificationStore store, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var read = await store.MarkReadAsync(caller.Subject, caller.Org, id, clock.GetUtcNow(), ct);
        if (read is null) return Problems.NotFound($"You have no notification '{id}'.");
        Versioning.SetETag(http.Response, read.Version);
        return Results.Ok(NotificationResponses.Notification(read));
    }

    private static async Task<IResult> MarkAllReadAsync(HttpContext http, INotificationStore store, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        return Results.Ok(new { updated = await store.MarkAllReadAsync(caller.Subject, caller.Org, clock.GetUtcNow(), ct) });
    }

    private static async Task<IResult> GetPreferencesAsync(HttpContext http, INotificationStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var preferences = await store.GetPreferencesAsync(caller.Subject, ct) ?? Preferences.Default(caller.Subject, caller.Org);
        Versioning.SetETag(http.Response, preferences.Version);
        return Results.Ok(NotificationResponses.Preferences(preferences));
    }

    /// <summary>Replaces the person's choices: kinds named get their mode, kinds left out go back to their default.</summary>
    private static async Task<IResult> PutPreferencesAsync(HttpContext http, INotificationStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var current = await store.GetPreferencesAsync(caller.Subject, ct) ?? Preferences.Default(caller.Subject, caller.Org);
        var (expected, precondition) = Versioning.ReadIfMatch(http.Request, current.Version);
        if (precondition is not null) return precondition;
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        new RequestFields(body!, errors).RejectUnknown(PreferenceFields, new HashSet<string> { "version" });
        var modes = ReadModes(body!, errors);
        if (errors.Any) return Problems.Validation(errors);
        var saved = current with { Org = caller.Org, Modes = modes!, Version = current.Version + 1 };
        if (!await store.SavePreferencesAsync(saved, expected, ct))
            return Problems.PreconditionFailed((await store.GetPreferencesAsync(caller.Subject, ct))?.Version ?? 0);
        Versioning.SetETag(http.Response, saved.Version);
        return Results.Ok(NotificationResponses.Preferences(saved));
    }

    private static Dictionary<string, string>? ReadModes(JsonObject body, FieldErrors errors)
    {
        if (!body.TryGetPropertyValue("kinds", out var node) || node is not JsonObject kinds)
        {
            errors.Add("kinds", "is required: an object of kind → immediate | digest | off");
            return null;
        }
        var modes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, value) in kinds)
        {
            if (!NotificationKinds.All.Contains(kind)) errors.Add($"kinds.{kind}", $"is not a notification kind ({string.Join(' ', NotificationKinds.All)})");
            else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && DeliveryModes.All.Contains(v.GetValue<string>()))
                modes[kind] = v.GetValue<string>();
            else errors.Add($"kinds.{kind}", "must be one of: immediate digest off");
        }
        return modes;
    }

    private static bool Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return false;
    }
}
