using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="INotificationStore"/> must do, whatever the provider.</summary>
public abstract class NotificationStoreContract : StoreContract
{
    private static readonly LocalizedText Title = new("Nueva propuesta", "New proposal");
    private static readonly CancellationToken None = CancellationToken.None;

    private Notification Note(string person, string org, string eventId = "e1") =>
        new(Ids.New("ntf"), person, org, NotificationKinds.Proposal, eventId, "match_1", Title, Title, Now, null, 1);

    private OutgoingMail Mail(string person, DateTimeOffset? due = null) =>
        new(Ids.New("mail"), person, $"{person}@x.test", "Subject", "Body", "http://x/u", Now, 0, due ?? Now, null, null);

    private Webhook Hook(string org) =>
        new(Ids.New("whk"), org, "https://hooks.example.org/x", "whsec_1", [], Webhook.Active, "person_1", Now, null, null, 1);

    private WebhookDelivery Delivery(Webhook w, string eventId) =>
        new(Ids.New("dlv"), w.Id, w.Org, eventId, "match.proposed", "{\"id\":\"" + eventId + "\"}", WebhookDelivery.Pending, 0, Now, Now, null, null, null, null);

    private EventOutcome Outcome(string eventId, IReadOnlyList<Notification>? notes = null, IReadOnlyList<OutgoingMail>? mails = null,
        IReadOnlyList<WebhookDelivery>? deliveries = null, IReadOnlyList<DigestEntry>? digest = null) =>
        new(eventId, Now, notes ?? [], digest ?? [], mails ?? [], deliveries ?? []);

    [ContractFact]
    public async Task Record_TheSameEventTwiceOrConcurrently_WritesItsOutcomeOnce()
    {
        var store = await Backend.CreateNotificationsAsync();
        Assert.False(await store.IsProcessedAsync("e1", None));

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => store.RecordAsync(Outcome("e1", [Note("p1", "GT")], [Mail("p1")]), None))));

        Assert.Single(results, r => r);
        Assert.True(await store.IsProcessedAsync("e1", None));
        Assert.Single((await store.ListNotificationsAsync("p1", "GT", false, 50, null, None)).Items);
        Assert.NotNull(await store.ClaimMailAsync(Now, Now.AddMinutes(1), None));
        Assert.Null(await store.ClaimMailAsync(Now, Now.AddMinutes(1), None));
    }

    [ContractFact]
    public async Task Notifications_AreListedPerPersonAndOrganisation_NewestFirst_AndMarkedReadOnce()
    {
        var store = await Backend.CreateNotificationsAsync();
        var notes = Enumerable.Range(0, 3).Select(_ => Note("p1", "GT")).ToList();
        await store.RecordAsync(Outcome("e1", [.. notes, Note("p2", "GT"), Note("p1", "CR")]), None);

        var first = await store.ListNotificationsAsync("p1", "GT", false, 2, null, None);
        Assert.Equal([notes[2].Id, notes[1].Id], first.Items.Select(n => n.Id));
        Assert.True(PageToken.TryDecode(first.NextPageToken!, PageToken.IsId, out var after));
        Assert.Equal([notes[0].Id], (await store.ListNotificationsAsync("p1", "GT", false, 2, after, None)).Items.Select(n => n.Id));
        Assert.Equal(3, await store.CountUnreadAsync("p1", "GT", None));

        Assert.Null(await store.MarkReadAsync("p1", "CR", notes[0].Id, Now, None));
        Assert.Null(await store.MarkReadAsync("p2", "GT", notes[0].Id, Now, None));
        var read = await store.MarkReadAsync("p1", "GT", notes[0].Id, Now, None);
        Assert.Equivalent(notes[0] with { ReadAt = Now, Version = 2 }, read, strict: true);
        Assert.Equivalent(read, await store.MarkReadAsync("p1", "GT", notes[0].Id, Now.AddHours(1), None), strict: true);
        Assert.Equal(2, await store.CountUnreadAsync("p1", "GT", None));
        Assert.Equal(2, (await store.ListNotificationsAsync("p1", "GT", true, 50, null, None)).Items.Count);

        Assert.Equal(2, await store.MarkAllReadAsync("p1", "GT", Now, None));
        Assert.Equal(0, await store.CountUnreadAsync("p1", "GT", None));
        Assert.Equal(1, await store.CountUnreadAsync("p1", "CR", None));
        Assert.Equal(1, await store.CountUnreadAsync("p2", "GT", None));
    }

    [ContractFact]
    public async Task Preferences_AreSavedOnlyAtTheExpectedVersion()
    {
        var store = await Backend.CreateNotificationsAsync();
        Assert.Null(await store.GetPreferencesAsync("p1", None));
        var first = new Preferences("p1", "GT", new Dictionary<string, string> { ["proposal"] = "off" }, 1);

        Assert.True(await store.SavePreferencesAsync(first, 0, None));
        Assert.False(await store.SavePreferencesAsync(first, 0, None));
        var second = first with { Modes = new Dictionary<string, string> { ["decision"] = "digest" }, Version = 2 };
        Assert.False(await store.SavePreferencesAsync(second, 5, None));
        Assert.True(await store.SavePreferencesAsync(second, 1, None));
        Assert.Equivalent(second, await store.GetPreferencesAsync("p1", None), strict: true);
    }

    [ContractFact]
    public async Task Mail_IsClaimedWithALease_RetriedWhenRescheduled_AndNeverAgainOnceSent()
    {
        var store = await Backend.CreateNotificationsAsync();
        var early = Mail("p1");
        var later = Mail("p2", Now.AddMinutes(10));
        await store.RecordAsync(Outcome("e1", mails: [early, later]), None);

        Assert.Equal(early.Id, (await store.ClaimMailAsync(Now, Now.AddMinutes(2), None))!.Id);
        Assert.Null(await store.ClaimMailAsync(Now.AddMinutes(1), Now.AddMinutes(3), None));
        Assert.Equal(early.Id, (await store.ClaimMailAsync(Now.AddMinutes(2), Now.AddMinutes(4), None))!.Id);

        await store.RescheduleMailAsync(early.Id, 1, Now.AddMinutes(20), "refused", None);
        var claimed = await store.ClaimMailAsync(Now.AddMinutes(10), Now.AddMinutes(12), None);
        Assert.Equal(later.Id, claimed!.Id);
        await store.MarkMailSentAsync(later.Id, Now.AddMinutes(10), None);
        var retried = await store.ClaimMailAsync(Now.AddMinutes(30), Now.AddMinutes(32), None);
        Assert.Equal(early.Id, retried!.Id);
        Assert.Equal(1, retried.Attempts);
        Assert.Equal("refused", retried.LastError);
        await store.MarkMailSentAsync(early.Id, Now.AddMinutes(30), None);
        Assert.Null(await store.ClaimMailAsync(Now.AddDays(1), Now.AddDays(2), None));
    }

    [ContractFact]
    public async Task Digest_GathersThePersonsEntriesBeforeTheCutoff_AndQueuesOneMailForThem()
    {
        var store = await Backend.CreateNotificationsAsync();
        DigestEntry Entry(string person, DateTimeOffset at) => new(Ids.New("ntf"), person, "UNHCR-OAS", $"{person}@x.test", "en", Title, at);
        var a = Entry("p1", Now);
        var b = Entry("p1", Now.AddHours(1));
        var late = Entry("p1", Now.AddHours(5));
        var other = Entry("p2", Now.AddHours(2));
        await store.RecordAsync(Outcome("e1", digest: [a, b, late, other]), None);

        var cutoff = Now.AddHours(3);
        Assert.Equal(["p1", "p2"], await store.ListDigestPeopleAsync(cutoff, None));
        var entries = await store.ListDigestEntriesAsync("p1", cutoff, None);
        Assert.Equivalent(new[] { a, b }, entries, strict: true);

        await store.CompleteDigestAsync(entries, Mail("p1"), None);
        Assert.Empty(await store.ListDigestEntriesAsync("p1", cutoff, None));
        Assert.Equal([late.NotificationId], (await store.ListDigestEntriesAsync("p1", Now.AddDays(1), None)).Select(e => e.NotificationId));
        Assert.NotNull(await store.ClaimMailAsync(Now, Now.AddMinutes(1), None));
    }

    [ContractFact]
    public async Task Webhooks_BelongToTheirOrganisation_AndTheirDeliveriesAreClaimedLoggedAndDeleted()
    {
        var store = await Backend.CreateNotificationsAsync();
        var gt = Hook("GT");
        var cr = Hook("CR");
        await store.CreateWebhookAsync(gt, None);
        await store.CreateWebhookAsync(cr, None);
        Assert.Equivalent(gt, await store.GetWebhookAsync(gt.Id, None), strict: true);
        Assert.Equal([gt.Id], (await store.ListWebhooksAsync("GT", 50, null, None)).Items.Select(w => w.Id));
        Assert.Equal([cr.Id], (await store.ListActiveWebhooksAsync("CR", None)).Select(w => w.Id));

        var d1 = Delivery(gt, "e1");
        await store.RecordAsync(Outcome("e1", deliveries: [d1, Delivery(cr, "e1")]), None);
        var claimed = await store.ClaimDeliveryAsync(Now, Now.AddSeconds(30), None);
        Assert.NotNull(claimed);
        await store.UpdateDeliveryAsync(claimed with { Status = WebhookDelivery.Succeeded, Attempts = 1, LastAttemptAt = Now, ResponseStatus = 200 }, None);
        Assert.NotNull(await store.ClaimDeliveryAsync(Now, Now.AddSeconds(30), None));
        Assert.Null(await store.ClaimDeliveryAsync(Now, Now.AddSeconds(30), None));

        var replay = d1 with { Id = Ids.New("dlv"), ReplayOf = d1.Id };
        await store.InsertDeliveryAsync(replay, None);
        Assert.Equal([replay.Id, d1.Id], (await store.ListDeliveriesAsync(gt.Id, 50, null, None)).Items.Select(d => d.Id));
        Assert.Equivalent(replay, await store.GetDeliveryAsync(replay.Id, None), strict: true);

        Assert.True(await store.DeleteWebhookAsync(gt.Id, None));
        Assert.False(await store.DeleteWebhookAsync(gt.Id, None));
        Assert.Null(await store.GetDeliveryAsync(replay.Id, None));
        Assert.Empty((await store.ListWebhooksAsync("GT", 50, null, None)).Items);
    }

    [ContractFact]
    public async Task Disable_FailsThePendingDeliveries_DisablesTheWebhook_AndWritesTheNoticeOnce()
    {
        var store = await Backend.CreateNotificationsAsync();
        var hook = Hook("GT");
        await store.CreateWebhookAsync(hook, None);
        var failing = Delivery(hook, "e1");
        var waiting = Delivery(hook, "e2");
        await store.RecordAsync(Outcome("e1", deliveries: [failing, waiting]), None);
        var notice = Outcome($"webhook-disabled:{hook.Id}", [Note("admin", "GT", $"webhook-disabled:{hook.Id}")]);

        await store.DisableWebhookAsync(failing with { Attempts = 9, Error = "503" }, "gave up", notice, None);
        await store.DisableWebhookAsync(failing with { Attempts = 9, Error = "503" }, "gave up", notice, None);

        var disabled = await store.GetWebhookAsync(hook.Id, None);
        Assert.Equal((Webhook.Disabled, "gave up", Now, 2L), (disabled!.Status, disabled.DisabledReason, disabled.DisabledAt, disabled.Version));
        Assert.Empty(await store.ListActiveWebhooksAsync("GT", None));
        Assert.All((await store.ListDeliveriesAsync(hook.Id, 50, null, None)).Items, d => Assert.Equal(WebhookDelivery.Failed, d.Status));
        Assert.Null(await store.ClaimDeliveryAsync(Now.AddDays(1), Now.AddDays(2), None));
        Assert.Single((await store.ListNotificationsAsync("admin", "GT", false, 50, null, None)).Items);
    }
}
