using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Matching.Contracts;
using Marketplace.Notifications.Webhooks;
using Marketplace.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Marketplace.Notifications.IntegrationTests;

[Collection(MailCollection.Name)]
public sealed class WebhooksApiTests(Smtp4devFixture mail)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Webhook_GetsEachEventSigned_AlsoWhenTheServiceStopsMidBurstAndRestarts()
    {
        var people = new FakePeople();
        using var data = new TemporaryDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        // Slow enough that 4 senders need about 6 s for the burst: the stop always comes in the middle of it, however fast the machine.
        receiver.Delay = TimeSpan.FromMilliseconds(800);
        var first = new NotificationsFactory(mail.Server.SmtpPort, people, data.Path);
        receiver.Secret = await RegisterAsync(first, people, receiver.Url);

        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i))) await first.PublishAsync(Events.Proposal($"match_{i}"), id);
        await Eventually.GetAsync(() => first.ConsumedAsync<MatchProposed>(), n => n == ids.Count, Deadline, "every event consumed");
        await Eventually.GetAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 3, Deadline, "the first deliveries");
        await first.DisposeAsync();
        Assert.True(receiver.Received.Count < ids.Count, "the service was stopped before the burst was delivered");

        await using var second = new NotificationsFactory(mail.Server.SmtpPort, people, data.Path);
        _ = second.Server;
        await Eventually.GetAsync(() => Task.FromResult(receiver.Received.Count), n => n == ids.Count, Deadline, "every event delivered");

        Assert.Equal(ids.Select(i => i.ToString("N")).Order(), receiver.Received.Keys.Order());
        Assert.Equal(0, receiver.BadSignatures);
        // Only a delivery in flight when the service stopped can arrive twice (same event id, so the receiver ignores it).
        Assert.True(receiver.Received.Values.Count(n => n > 1) <= 4, $"duplicates: {receiver.Received.Values.Count(n => n > 1)}");
        var body = JsonNode.Parse(receiver.Bodies.First())!;
        Assert.Equal("match.proposed", body["type"]!.GetValue<string>());
        Assert.Equal("GT", body["data"]!["country"]!.GetValue<string>());
    }

    [Fact]
    public async Task Receiver_ThatIsDown_GetsTheDeliveriesWhenItReturns_AndOneCanBeReplayed()
    {
        var people = new FakePeople();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        receiver.Secret = await RegisterAsync(factory, people, receiver.Url);
        var webhookId = (await factory.ClientFor(people.Lucia).GetFromJsonObjectAsync("/api/v1/webhooks"))["items"]![0]!["id"]!.GetValue<string>();

        for (var i = 0; i < 3; i++) await factory.PublishAsync(Events.Proposal($"match_{i}"));
        var lucia = factory.ClientFor(people.Lucia);
        await Eventually.GetAsync(async () => (await lucia.GetFromJsonObjectAsync($"/api/v1/webhooks/{webhookId}/deliveries"))["items"]!.AsArray(),
            d => d.Count == 3 && d.All(x => x!["attempts"]!.GetValue<int>() >= 2 && x["status"]!.GetValue<string>() == "pending"), Deadline,
            "three deliveries retried while the receiver is down");
        Assert.Empty(receiver.Received);

        receiver.Down = false;
        await Eventually.GetAsync(() => Task.FromResult(receiver.Received.Count), n => n == 3, Deadline, "the deliveries after the receiver returned");
        var log = await Eventually.GetAsync(async () => (await lucia.GetFromJsonObjectAsync($"/api/v1/webhooks/{webhookId}/deliveries"))["items"]!.AsArray(),
            d => d.All(x => x!["status"]!.GetValue<string>() == "succeeded"), Deadline, "the log to show every delivery succeeded");
        Assert.All(log, d => Assert.Equal(200, d!["responseStatus"]!.GetValue<int>()));

        var original = log[0]!["id"]!.GetValue<string>();
        var replay = await lucia.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{original}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(original, (await replay.ReadObjectAsync())["replayOf"]!.GetValue<string>());
        var eventId = log[0]!["eventId"]!.GetValue<string>();
        await Eventually.GetAsync(() => Task.FromResult(receiver.Received[eventId]), n => n == 2, Deadline, "the replayed delivery");
        Assert.Equal(HttpStatusCode.NotFound, (await lucia.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/dlv_missing/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Webhook_FailingForTheRetryWindow_IsDisabled_AndTheOrganisationsAdminsAreTold()
    {
        var people = new FakePeople();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people, clock: clock,
            settings: new Dictionary<string, string?> { ["Notifications:WebhookRetryHours"] = "1" });
        receiver.Secret = await RegisterAsync(factory, people, receiver.Url);
        await factory.PublishAsync(Events.Proposal("match_1", country: "CR"), Guid.NewGuid());
        await factory.PublishAsync(Events.Proposal("match_2"));
        await Eventually.GetAsync(() => Task.FromResult(receiver.Requests), n => n >= 1, Deadline, "a first failed attempt");

        clock.Advance(TimeSpan.FromHours(2));

        var lucia = factory.ClientFor(people.Lucia);
        var webhook = await Eventually.GetAsync(async () => (await lucia.GetFromJsonObjectAsync("/api/v1/webhooks"))["items"]![0]!,
            w => w["status"]!.GetValue<string>() == "disabled", Deadline, "the webhook to be disabled");
        Assert.StartsWith("Deliveries failed for 1 h", webhook["disabledReason"]!.GetValue<string>());
        await Eventually.GetAsync(async () => (await lucia.GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray(),
            items => items.Any(n => n!["kind"]!.GetValue<string>() == "webhook-disabled"), Deadline, "the admin's notice");
        Assert.DoesNotContain((await factory.ClientFor(people.Peter).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray(),
            n => n!["kind"]!.GetValue<string>() == "webhook-disabled");
        Assert.Equal(HttpStatusCode.Conflict, (await lucia.PostAsync(
            $"/api/v1/webhooks/{webhook["id"]}/deliveries/{(await lucia.GetFromJsonObjectAsync($"/api/v1/webhooks/{webhook["id"]}/deliveries"))["items"]![0]!["id"]}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Webhooks_AreManagedByTheOrganisationsAdminsOnly_AndTheSecretIsShownOnce()
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        var lucia = factory.ClientFor(people.Lucia);
        var created = await lucia.PostAsync("/api/v1/webhooks", Json.Body(new JsonObject { ["url"] = "http://127.0.0.1:9/hooks", ["events"] = new JsonArray("match.approved") }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = await created.ReadObjectAsync();
        Assert.StartsWith("whsec_", webhook["secret"]!.GetValue<string>());
        var id = webhook["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location!.OriginalString);

        var read = await lucia.GetFromJsonObjectAsync($"/api/v1/webhooks/{id}");
        Assert.Null(read["secret"]);
        Assert.Null((await lucia.GetFromJsonObjectAsync("/api/v1/webhooks"))["items"]![0]!["secret"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientFor(people.Peter).GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("state", "GT", "state-gt").GetAsync("/api/v1/webhooks")).StatusCode);
        var carla = factory.ClientFor(people.Carla);
        Assert.Equal(HttpStatusCode.NotFound, (await carla.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carla.GetAsync($"/api/v1/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carla.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Empty((await carla.GetFromJsonObjectAsync("/api/v1/webhooks"))["items"]!.AsArray());

        var invalid = await (await lucia.PostAsync("/api/v1/webhooks", Json.Body(new JsonObject { ["url"] = "ftp://x", ["events"] = new JsonArray("nope"), ["secret"] = "s" }))).ReadObjectAsync();
        Assert.Equal(["events[0]", "secret", "url"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());

        Assert.True((await (await lucia.DeleteAsync($"/api/v1/webhooks/{id}")).ReadObjectAsync())["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await lucia.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.16.0.9/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")]
    [InlineData("https://224.0.0.1/hooks")]
    [InlineData("http://93.184.216.34/hooks")]
    public async Task Register_OutsideDevelopment_RefusesPrivateLoopbackLinkLocalAndPlainHttpUrls(string url)
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people, allowPrivateNetworks: false);
        var response = await factory.ClientFor(people.Lucia).PostAsync("/api/v1/webhooks", Json.Body(new JsonObject { ["url"] = url }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadObjectAsync())["errors"]!["url"] is not null);
    }

    [Fact]
    public async Task Delivery_OutsideDevelopment_NeverConnectsToALoopbackAddress_WhateverTheHostName()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var guard = new WebhookAddressGuard(allowPrivateNetworks: false);
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, UseProxy = false });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(new Uri($"http://localhost:{receiver.Url.Port}/hooks"), Json.Body("{}")));
        Assert.Equal(0, receiver.Requests);
    }

    private static async Task<string> RegisterAsync(NotificationsFactory factory, FakePeople people, Uri url)
    {
        var response = await factory.ClientFor(people.Lucia).PostAsync("/api/v1/webhooks", Json.Body(new JsonObject { ["url"] = url.ToString() }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["secret"]!.GetValue<string>();
    }
}
