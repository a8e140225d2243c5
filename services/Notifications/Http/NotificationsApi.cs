using System.Text.Json.Nodes;
using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Notifications.Http;

/// <summary>The API document of <c>/api/v1/notifications</c>: schemas whose examples the real response mappers produce.</summary>
public static class NotificationsApi
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 15, 4, 5, TimeSpan.Zero);

    public static readonly ApiSchema NotificationSchema = ApiSchema.FromExample("Notification",
        "An in-app notification of the caller; readAt is null until it is marked read.",
        NotificationResponses.Notification(new Notification("ntf_019384aa7c2e7f3a9b1c2d3e4f5a6b7c", "person_1", "GT", NotificationKinds.Proposal,
            "evt", "match_01jdx59z3k", new LocalizedText("Nueva propuesta: ES → GT, 1,000,000.00 EUR", "New proposal: ES → GT, 1,000,000.00 EUR"),
            new LocalizedText("La ronda de emparejamiento propone …", "The matching round proposes …"), At, At.AddHours(1), 2)), "readAt");

    public static readonly ApiSchema UnreadSchema = ApiSchema.FromExample("UnreadCount", "How many of the caller's notifications are unread.", new { unread = 3 });

    public static readonly ApiSchema MarkedSchema = ApiSchema.FromExample("MarkedRead", "How many notifications this call marked read.", new { updated = 3 });

    public static readonly ApiSchema PreferencesSchema = ApiSchema.FromExample("NotificationPreferences",
        "The caller's e-mail choice per kind: immediate, digest (the daily digest) or off. In-app notifications are kept whatever the choice.",
        NotificationResponses.Preferences(new Preferences("person_1", "GT", new Dictionary<string, string> { [NotificationKinds.Decision] = DeliveryModes.Digest }, 3)));

    public static readonly ApiSchema PreferencesRequest = ApiSchema.FromExample("NotificationPreferencesRequest",
        "The choices to keep; kinds left out go back to their default (decision-waiting: digest; others: immediate).",
        new JsonObject { ["kinds"] = new JsonObject { [NotificationKinds.Proposal] = DeliveryModes.Immediate, [NotificationKinds.Decision] = DeliveryModes.Digest } });

    public static ApiOperation List() => new ApiOperation("listNotifications", "Notifications", "List my notifications")
        .Describe("The caller's own notifications (token subject and organisation), newest first.")
        .Query("unread", "true: only unread ones.", ["true", "false"])
        .ReturnsPage(NotificationSchema, "Newest first.")
        .Fails(400);

    public static ApiOperation UnreadCount() => new ApiOperation("countUnreadNotifications", "Notifications", "Count my unread notifications")
        .Returns(200, UnreadSchema, "The count (the web app's bell).");

    public static ApiOperation MarkRead() => new ApiOperation("markNotificationRead", "Notifications", "Mark one notification read")
        .Describe("Idempotent: a notification already read stays as it was. Another person's notification is 404.")
        .Returns(200, NotificationSchema, "The notification, with ETag.")
        .Fails(404);

    public static ApiOperation MarkAllRead() => new ApiOperation("markAllNotificationsRead", "Notifications", "Mark all my notifications read")
        .Returns(200, MarkedSchema, "How many were unread.");

    public static ApiOperation GetPreferences() => new ApiOperation("getNotificationPreferences", "Notifications", "Read my e-mail preferences")
        .Returns(200, PreferencesSchema, "Every kind with its mode, with ETag (\"0\" until first saved).");

    public static ApiOperation PutPreferences() => new ApiOperation("putNotificationPreferences", "Notifications", "Replace my e-mail preferences")
        .Header("If-Match", "The ETag of the preferences read.", required: true)
        .Body(PreferencesRequest)
        .Returns(200, PreferencesSchema, "The saved preferences, with ETag.")
        .Fails(400, 412, 413, 415, 428);

    public static ApiOperation UnsubscribePage() => new ApiOperation("unsubscribePage", "Notifications", "Unsubscribe page (no token needed)")
        .Describe("The page an e-mail's unsubscribe link opens; it changes nothing (mail scanners follow links) and offers one button.")
        .Query("token", "The signed token of the link.", required: true)
        .ReturnsHtml(200, "The page, with one button that unsubscribes.")
        .Fails(400);

    public static ApiOperation Unsubscribe() => new ApiOperation("unsubscribe", "Notifications", "Unsubscribe in one click (no token needed)")
        .Describe("RFC 8058 one-click: turns off the e-mail the link was for (a kind, or the daily digest). The signed token is the only credential.")
        .Query("token", "The signed token of the link.", required: true)
        .ReturnsHtml(200, "Done: a page saying so.")
        .Fails(400, 409);
}
