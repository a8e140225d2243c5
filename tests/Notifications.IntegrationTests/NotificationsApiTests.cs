using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Matching.Contracts;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Planning;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Marketplace.Notifications.IntegrationTests;

[Collection(MailCollection.Name)]
public sealed class NotificationsApiTests(Smtp4devFixture mail)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Proposal_RedeliveredTwice_TellsEachStatePersonOnceByMailAndInApp_InTheirLanguage()
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        var id = Guid.NewGuid();

        await Task.WhenAll(factory.PublishAsync(Events.Proposal("match_1"), id), factory.PublishAsync(Events.Proposal("match_1"), id));

        var spanish = Assert.Single(await MailsAsync(people.Lucia, 1));
        Assert.StartsWith("Nueva propuesta: ES → GT, 1,000.00 EUR", spanish.Subject);
        Assert.Contains("La ronda de emparejamiento propone", spanish.Text);
        Assert.Equal("List-Unsubscribe=One-Click", spanish.Headers["List-Unsubscribe-Post"]);
        Assert.Matches("^<http://localhost:8080/api/v1/notifications/unsubscribe\\?token=[^>]+>$", spanish.Headers["List-Unsubscribe"]);
        var english = Assert.Single(await MailsAsync(people.Peter, 1));
        Assert.StartsWith("New proposal: ES → GT", english.Subject);

        // A redelivery after the first was handled (the harness counts deliveries of one message id once, so handle it directly).
        var processor = factory.Services.GetRequiredService<EventProcessor>();
        await processor.HandleAsync(EventTranslator.Proposed(id.ToString("N"), Events.Proposal("match_1"), "CO"), CancellationToken.None);
        var lucia = factory.ClientFor(people.Lucia);
        var items = (await lucia.GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray();
        var notification = Assert.Single(items)!.AsObject();
        Assert.Equal("proposal", notification["kind"]!.GetValue<string>());
        Assert.Equal("match_1", notification["entityId"]!.GetValue<string>());
        Assert.Null(notification["readAt"]);
        Assert.Equal(1, (await lucia.GetFromJsonObjectAsync("/api/v1/notifications/unread-count"))["unread"]!.GetValue<int>());
        Assert.Single(await mail.Server.MessagesToAsync(people.Lucia.Email));
    }

    [Fact]
    public async Task Notifications_AreOnlyEverTheCallersOwn_NeverAnotherPersonsOrOrganisations()
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        await factory.PublishAsync(Events.Proposal("match_1"));
        await MailsAsync(people.Lucia, 1);
        var id = (await factory.ClientFor(people.Lucia).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]![0]!["id"]!.GetValue<string>();

        // Carla is a state person of CR; the same subject under another organisation's token sees nothing either.
        Assert.Empty((await factory.ClientFor(people.Carla).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray());
        var crossOrg = factory.ClientAs("state", "CR", people.Lucia.Id);
        Assert.Empty((await crossOrg.GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray());
        Assert.Equal(0, (await crossOrg.GetFromJsonObjectAsync("/api/v1/notifications/unread-count"))["unread"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await crossOrg.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ClientFor(people.Peter).PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/notifications")).StatusCode);

        var lucia = factory.ClientFor(people.Lucia);
        var read = await lucia.PostAsync($"/api/v1/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
        var again = await lucia.PostAsync($"/api/v1/notifications/{id}/read", null);
        Assert.Equal("\"2\"", again.Headers.ETag!.Tag);
        Assert.Equal(0, (await lucia.GetFromJsonObjectAsync("/api/v1/notifications/unread-count"))["unread"]!.GetValue<int>());
        Assert.Empty((await lucia.GetFromJsonObjectAsync("/api/v1/notifications?unread=true"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await lucia.GetAsync("/api/v1/notifications?unread=maybe")).StatusCode);
    }

    [Fact]
    public async Task Unsubscribe_OneClickWithoutSigningIn_TurnsThatKindOff_AndATamperedLinkIsRefused()
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        await factory.PublishAsync(Events.Proposal("match_1"));
        var link = new Uri((await MailsAsync(people.Lucia, 1))[0].Headers["List-Unsubscribe"].Trim('<', '>'));
        var anonymous = factory.CreateClient();

        var page = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        var tampered = link.PathAndQuery.Replace("token=", "token=x", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(tampered, Json.Body("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"))).StatusCode);
        var done = await anonymous.PostAsync(link.PathAndQuery, Json.Body("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        var preferences = await factory.ClientFor(people.Lucia).GetFromJsonObjectAsync("/api/v1/notifications/preferences");
        Assert.Equal("off", preferences["kinds"]!["proposal"]!.GetValue<string>());
        Assert.Equal("immediate", preferences["kinds"]!["decision"]!.GetValue<string>());

        await factory.PublishAsync(Events.Proposal("match_2"));
        await MailsAsync(people.Peter, 2);
        await Eventually.GetAsync(async () => (await factory.ClientFor(people.Lucia).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray().Count,
            n => n == 2, Deadline, "Lucía's second in-app notification");
        Assert.Single(await mail.Server.MessagesToAsync(people.Lucia.Email));
    }

    [Fact]
    public async Task Preferences_PutNeedsIfMatch_ValidatesEveryKind_AndAStaleVersionIs412()
    {
        var people = new FakePeople();
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        var anne = factory.ClientFor(people.Anne);
        var initial = await anne.GetAsync("/api/v1/notifications/preferences");
        Assert.Equal("\"0\"", initial.Headers.ETag!.Tag);
        Assert.Equal("digest", (await initial.ReadObjectAsync())["kinds"]!["decision-waiting"]!.GetValue<string>());

        var body = new JsonObject { ["kinds"] = new JsonObject { ["decision"] = "digest" } };
        Assert.Equal((HttpStatusCode)428, (await anne.PutAsync("/api/v1/notifications/preferences", Json.Body(body))).StatusCode);
        var bad = new HttpRequestMessage(HttpMethod.Put, "/api/v1/notifications/preferences")
        {
            Content = Json.Body(new JsonObject { ["kinds"] = new JsonObject { ["nope"] = "off", ["decision"] = "sometimes" }, ["extra"] = 1 }),
        };
        bad.Headers.IfMatch.ParseAdd("\"0\"");
        var problem = await (await anne.SendAsync(bad)).ReadObjectAsync();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal(["extra", "kinds.decision", "kinds.nope"], problem["errors"]!.AsObject().Select(e => e.Key).Order());

        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/notifications/preferences") { Content = Json.Body(body) };
        put.Headers.IfMatch.ParseAdd("\"0\"");
        var saved = await anne.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("\"1\"", saved.Headers.ETag!.Tag);
        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/notifications/preferences") { Content = Json.Body(body) };
        stale.Headers.IfMatch.ParseAdd("\"0\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await anne.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Digest_GathersADayOfProposals_AtTheDigestHour_InEachPersonsLanguage()
    {
        var people = new FakePeople();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people, clock: clock);
        var sam = factory.ClientFor(people.Sam);

        foreach (var (match, hours) in new[] { ("match_a", 0), ("match_b", 4), ("match_c", 12) })
        {
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8 + hours, 0, 0, TimeSpan.Zero));
            await factory.PublishAsync(Events.Proposal(match, at: clock.GetUtcNow()));
            await Eventually.GetAsync(async () => (await sam.GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray().Count,
                n => n == (hours switch { 0 => 1, 4 => 2, _ => 3 }), Deadline, $"the secretariat's notification of {match}");
        }
        await MailsAsync(people.Lucia, 3);
        Assert.Empty(await mail.Server.MessagesToAsync(people.Sam.Email));

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 1, TimeSpan.Zero));

        var digest = Assert.Single(await MailsAsync(people.Sam, 1));
        Assert.Equal("Daily digest: 3 updates", digest.Subject);
        Assert.Equal(3, digest.Text.Split('\n').Count(l => l.StartsWith("- New proposal", StringComparison.Ordinal)));
        Assert.Contains("List-Unsubscribe", digest.Headers.Keys);
        var chairDigest = Assert.Single(await MailsAsync(people.Chair, 1));
        Assert.Equal("Resumen diario: 3 novedades", chairDigest.Subject);
    }

    [Fact]
    public async Task Proposal_WhereTheChairIsTheDonor_GoesToTheSecretariatAsARecusal_NotToTheChair()
    {
        var people = new FakePeople { ChairOrg = "ES" };
        var chairDelegate = people.Chair with { Id = "person_es_chair", Org = "ES" };
        people.All.Add(chairDelegate);
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, people);
        await factory.PublishAsync(Events.Proposal("match_1", donor: "ES"));

        var recusal = Assert.Single(await MailsAsync(people.Sam, 1));
        Assert.Contains("The chair is a party: the secretariat decides.", recusal.Text);
        var items = (await factory.ClientFor(people.Sam).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray();
        Assert.Equal("recusal", Assert.Single(items)!["kind"]!.GetValue<string>());
        Assert.Empty((await factory.ClientFor(chairDelegate).GetFromJsonObjectAsync("/api/v1/notifications"))["items"]!.AsArray());
        Assert.Single(await MailsAsync(people.Anne, 1));
    }

    private Task<IReadOnlyList<ReceivedMail>> MailsAsync(Recipient person, int count) =>
        Eventually.GetAsync(() => mail.Server.MessagesToAsync(person.Email), m => m.Count >= count, Deadline, $"{count} e-mail(s) to {person.Name}");
}
