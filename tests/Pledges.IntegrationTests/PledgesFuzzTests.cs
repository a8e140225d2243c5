using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>
/// Thousands of generated bodies (seeded, so reproducible) through POST and PATCH: never a 5xx, every error
/// is problem+json, and the store holds exactly what the API said it accepted. Each test owns its service
/// so that the store's contents are known.
/// </summary>
public sealed class PledgesFuzzTests
{
    private const int Seed = 9457;
    private static readonly int Bodies = ResourceFuzzing.Bodies;

    [Fact]
    public async Task Create_ThousandsOfRandomAndMalformedBodies_NeverFailsWith5xxAndStoresExactlyTheCreated()
    {
        await using var factory = new PledgesApiFactory();
        var client = factory.ClientAs("donor", "EU");
        var outcome = new FuzzOutcome(HttpStatusCode.Created, HttpStatusCode.BadRequest,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);

        var created = await ResourceFuzzing.PostAllAsync(client, "/api/v1/pledges", new RequestFuzzer(Seed, ValidPledge).Generate(Bodies), outcome);

        outcome.AssertNoneUnexpected(Seed);
        Assert.InRange(outcome.Count(HttpStatusCode.Created), Bodies / 20, Bodies / 2);
        Assert.InRange(outcome.Count(HttpStatusCode.BadRequest), Bodies / 4, Bodies);
        var stored = await ResourceFuzzing.ListAllIdsAsync(client, "/api/v1/pledges");
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(created.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Patch_ThousandsOfRandomAndMalformedBodies_NeverFailsWith5xxAndOnlyAcceptedPatchesChangeThePledge()
    {
        await using var factory = new PledgesApiFactory();
        var client = factory.ClientAs("donor", "EU");
        var created = await client.PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));
        var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        var outcome = new FuzzOutcome(HttpStatusCode.OK, HttpStatusCode.BadRequest,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);

        var lastAccepted = await ResourceFuzzing.PatchInOrderAsync(client, $"/api/v1/pledges/{id}", new RequestFuzzer(Seed + 1, ValidPatch).Generate(Bodies), outcome);

        outcome.AssertNoneUnexpected(Seed + 1);
        Assert.InRange(outcome.Count(HttpStatusCode.OK), Bodies / 20, Bodies / 2);
        var stored = await (await client.GetAsync($"/api/v1/pledges/{id}")).ReadObjectAsync();
        Assert.Equal(1 + outcome.Count(HttpStatusCode.OK), stored["version"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(lastAccepted, stored), $"stored {stored.ToJsonString()}\nlast accepted {lastAccepted?.ToJsonString()}");
        Assert.Equal([id], await ResourceFuzzing.ListAllIdsAsync(client, "/api/v1/pledges"));
    }

    private static JsonObject ValidPledge(Random random)
    {
        var currency = ResourceFuzzing.Pick(random, "EUR", "USD", "JPY");
        var body = PledgeBodies.Valid(amount: Amount(random, currency), currency: currency,
            countries: random.Next(3) == 0 ? [] : ["GT", ResourceFuzzing.Pick(random, "HN", "MX")],
            sectors: random.Next(3) == 0 ? [] : [ResourceFuzzing.Pick(random, "health", "education", "protection")]);
        body["title"] = $"Pledge {random.Next()} ñ 🌎";
        body["instrument"] = ResourceFuzzing.Pick(random, "grant", "concessional-loan", "technical-assistance", "in-kind");
        if (random.Next(3) == 0) body["description"] = new string('d', random.Next(0, 4001));
        if (random.Next(3) == 0) body["conditions"] = "Reported under IATI.";
        if (random.Next(3) == 0) body["minAllocation"] = new JsonObject { ["amount"] = currency == "JPY" ? "1" : "1.00", ["currency"] = currency };
        if (random.Next(4) == 0) body.Remove("availableUntil");
        return body;
    }

    private static JsonObject ValidPatch(Random random)
    {
        var patch = new JsonObject();
        for (var n = 1 + random.Next(3); n > 0; n--)
        {
            switch (random.Next(7))
            {
                case 0: patch["title"] = $"Renamed {random.Next()}"; break;
                case 1: patch["instrument"] = ResourceFuzzing.Pick(random, "grant", "concessional-loan", "technical-assistance", "in-kind"); break;
                case 2: patch["amount"] = new JsonObject { ["amount"] = Amount(random, "EUR") }; break;
                case 3: patch["countries"] = random.Next(2) == 0 ? new JsonArray() : new JsonArray("GT", ResourceFuzzing.Pick(random, "PA", "CR")); break;
                case 4: patch["description"] = random.Next(2) == 0 ? null : "Updated description"; break;
                case 5: patch["maxAllocation"] = random.Next(2) == 0 ? null : new JsonObject { ["amount"] = "5000.00", ["currency"] = "EUR" }; break;
                default: patch["availableUntil"] = ResourceFuzzing.Pick(random, "2027-12-31", "2028-06-30"); break;
            }
        }
        return patch;
    }

    private static string Amount(Random random, string currency) =>
        currency == "JPY" ? $"{random.Next(1000, 1_000_000_000)}" : $"{random.Next(10_000, 10_000_000)}.{random.Next(100):00}";
}
