using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>The real system with a real development SMTP server (smtp4dev) taking the notifications service's mail.</summary>
public sealed class MailSystemFixture : IAsyncLifetime
{
    public MarketplaceProcesses System { get; } = new();

    public Smtp4devServer Mail { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mail = await Smtp4devServer.StartAsync(System.PortOf("smtp"));
        await System.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

public sealed class NotificationsEndToEndTests(MailSystemFixture fixture) : IClassFixture<MailSystemFixture>
{
    private const string StatePerson = "gt@demo.invalid";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PledgePosted_TheStatesPersonGetsOneSpanishEmailAndOneInAppNotification_AndUnsubscribesWithoutSigningIn()
    {
        var system = fixture.System;
        var need = await (await (await system.ClientAsync("state-gt")).PostAsync("api/v1/needs", Json.Body(new JsonObject
        {
            ["country"] = "GT", ["title"] = "Albergues en Huehuetenango", ["sector"] = "reception-shelter",
            ["amount"] = new JsonObject { ["amount"] = "250000.00", ["currency"] = "USD" }, ["instruments"] = new JsonArray("grant"), ["priority"] = "high",
        }))).ReadObjectAsync();
        var pledge = await (await system.ClientAsync("donor-ca")).PostAsync("api/v1/pledges", Json.Body(new JsonObject
        {
            ["title"] = "Shelter support", ["amount"] = new JsonObject { ["amount"] = "100000.00", ["currency"] = "USD" }, ["instrument"] = "grant",
            ["countries"] = new JsonArray("GT"), ["sectors"] = new JsonArray(),
        }));
        Assert.Equal(HttpStatusCode.Created, pledge.StatusCode);

        var mails = await Eventually.GetAsync(() => fixture.Mail.MessagesToAsync(StatePerson), m => m.Count >= 1, Deadline, "the state person's e-mail");
        var mail = Assert.Single(mails);
        Assert.Equal("Nueva propuesta: CA → GT, 100,000.00 USD", mail.Subject);
        Assert.Contains(need["id"]!.GetValue<string>(), mail.Text);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);

        using var browser = CodeFlowClient.ThroughGateway(system.Gateway);
        var tokens = await browser.SignInForTokensAsync(StatePerson);
        using var person = new HttpClient { BaseAddress = system.Gateway };
        person.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var items = (await person.GetObjectAsync("api/v1/notifications"))["items"]!.AsArray();
        var notification = Assert.Single(items)!;
        Assert.Equal("proposal", notification["kind"]!.GetValue<string>());
        Assert.Equal(mail.Subject, notification["title"]!["es"]!.GetValue<string>());
        Assert.Equal(1, (await person.GetObjectAsync("api/v1/notifications/unread-count"))["unread"]!.GetValue<int>());

        // A state's machine client is not the person: it sees none of the person's notifications.
        Assert.Empty((await (await system.ClientAsync("state-gt")).GetObjectAsync("api/v1/notifications"))["items"]!.AsArray());

        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"].Trim('<', '>'));
        using var anonymous = new HttpClient();
        var done = await anonymous.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var preferences = await person.GetObjectAsync("api/v1/notifications/preferences");
        Assert.Equal("off", preferences["kinds"]!["proposal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(system.Gateway, "api/v1/notifications"))).StatusCode);
    }

    /// <summary>
    /// The notifications process is killed (SIGKILL) in the middle of a burst of proposals and started again on
    /// the same store; the organisation's receiver gets every event, correctly signed. It runs in Development
    /// here so that a loopback receiver is allowed (outside Development the SSRF guard refuses it).
    /// </summary>
    [Fact]
    public async Task Webhook_GetsEveryEventSigned_WhenTheNotificationsServiceIsKilledMidBurstAndRestarted()
    {
        var system = fixture.System;
        var development = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        system.Kill("notifications");
        system.Start("notifications", development);
        await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await using var receiver = await SigningWebhookReceiver.StartAsync();

        using var browser = CodeFlowClient.ThroughGateway(system.Gateway);
        using var admin = new HttpClient { BaseAddress = system.Gateway };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await browser.SignInForTokensAsync("pa@demo.invalid")).GetProperty("access_token").GetString());
        var registered = await admin.PostAsync("api/v1/webhooks", Json.Body(new JsonObject { ["url"] = receiver.Url.ToString(), ["events"] = new JsonArray("match.proposed") }));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        receiver.Secret = (await registered.ReadObjectAsync())["secret"]!.GetValue<string>();

        var state = await system.ClientAsync("state-pa");
        var needs = new List<string>();
        await (await system.ClientAsync("donor-uy")).PostAsync("api/v1/pledges", Json.Body(new JsonObject
        {
            ["title"] = "Panama burst", ["amount"] = new JsonObject { ["amount"] = "900000.00", ["currency"] = "USD" }, ["instrument"] = "grant",
            ["countries"] = new JsonArray("PA"), ["sectors"] = new JsonArray(),
        }));
        for (var i = 0; i < 12; i++)
        {
            var need = await (await state.PostAsync("api/v1/needs", Json.Body(new JsonObject
            {
                ["country"] = "PA", ["title"] = $"Burst need {i}", ["sector"] = "health",
                ["amount"] = new JsonObject { ["amount"] = "50000.00", ["currency"] = "USD" }, ["instruments"] = new JsonArray("grant"), ["priority"] = "medium",
            }))).ReadObjectAsync();
            needs.Add(need["id"]!.GetValue<string>());
            if (i == 5)
            {
                await Eventually.GetAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 1, Deadline, "the first deliveries");
                system.Kill("notifications");
            }
        }
        system.Start("notifications", development);
        await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        var secretariat = await system.ClientAsync("secretariat");
        async Task<HashSet<string>> ProposedAsync()
        {
            var ids = new HashSet<string>();
            foreach (var need in needs)
            {
                foreach (var m in (await secretariat.GetObjectAsync($"api/v1/matches?needId={need}"))["items"]!.AsArray()) ids.Add(m!["id"]!.GetValue<string>());
            }
            return ids;
        }
        var expected = await Eventually.GetAsync(ProposedAsync, ids => ids.Count >= needs.Count, Deadline, "a proposal for every burst need");
        await Eventually.GetAsync(() => Task.FromResult(receiver.MatchOfEvent.Values.ToHashSet()), got => expected.IsSubsetOf(got), Deadline,
            $"the {expected.Count} proposals' events at the receiver");

        Assert.Equal(0, receiver.BadSignatures);
        // At-least-once: only a delivery in flight at the kill may arrive twice, with the same event id.
        Assert.True(receiver.Received.Values.Count(n => n > 1) <= 4, $"{receiver.Received.Values.Count(n => n > 1)} events arrived more than once");
        var log = (await admin.GetObjectAsync($"api/v1/webhooks/{(await admin.GetObjectAsync("api/v1/webhooks"))["items"]![0]!["id"]}/deliveries?pageSize=200"))["items"]!.AsArray();
        Assert.All(log.Where(d => d!["status"]!.GetValue<string>() != "pending"), d => Assert.Equal("succeeded", d!["status"]!.GetValue<string>()));
    }
}
