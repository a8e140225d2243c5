using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Needs.IntegrationTests;

/// <summary>
/// Thousands of generated bodies (seeded, so reproducible) through POST and PATCH: never a 5xx, every error
/// is problem+json, and the store holds exactly what the API said it accepted. Each test owns its service
/// so that the store's contents are known.
/// </summary>
public sealed class NeedsFuzzTests
{
    private const int Seed = 7386;
    private static readonly int Bodies = ResourceFuzzing.Bodies;

    [Fact]
    public async Task Create_ThousandsOfRandomAndMalformedBodies_NeverFailsWith5xxAndStoresExactlyTheCreated()
    {
        await using var factory = new NeedsApiFactory();
        var client = factory.ClientAs("state", "GT");
        var outcome = new FuzzOutcome(HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);

        var created = await ResourceFuzzing.PostAllAsync(client, "/api/v1/needs", new RequestFuzzer(Seed, ValidNeed).Generate(Bodies), outcome);

        outcome.AssertNoneUnexpected(Seed);
        Assert.InRange(outcome.Count(HttpStatusCode.Created), Bodies / 20, Bodies / 2);
        Assert.InRange(outcome.Count(HttpStatusCode.BadRequest), Bodies / 4, Bodies);
        var stored = await ResourceFuzzing.ListAllIdsAsync(client, "/api/v1/needs");
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(created.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Patch_ThousandsOfRandomAndMalformedBodies_NeverFailsWith5xxAndOnlyAcceptedPatchesChangeTheNeed()
    {
        await using var factory = new NeedsApiFactory();
        var client = factory.ClientAs("state", "GT");
        var created = await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()));
        var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        var outcome = new FuzzOutcome(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);

        var lastAccepted = await ResourceFuzzing.PatchInOrderAsync(client, $"/api/v1/needs/{id}", new RequestFuzzer(Seed + 1, ValidPatch).Generate(Bodies), outcome);

        outcome.AssertNoneUnexpected(Seed + 1);
        Assert.InRange(outcome.Count(HttpStatusCode.OK), Bodies / 20, Bodies / 2);
        var stored = await (await client.GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal(1 + outcome.Count(HttpStatusCode.OK), stored["version"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(lastAccepted, stored), $"stored {stored.ToJsonString()}\nlast accepted {lastAccepted?.ToJsonString()}");
        Assert.Equal([id], await ResourceFuzzing.ListAllIdsAsync(client, "/api/v1/needs"));
    }

    private static JsonObject ValidNeed(Random random)
    {
        var body = NeedBodies.Valid(amount: Amount(random));
        body["title"] = $"Need {random.Next()} ñ 🌎";
        body["sector"] = ResourceFuzzing.Pick(random, "health", "education", "protection", "reception-shelter");
        body["priority"] = ResourceFuzzing.Pick(random, "critical", "high", "medium", "low");
        body["instruments"] = new JsonArray(ResourceFuzzing.Pick(random, "grant", "in-kind"), "technical-assistance");
        if (random.Next(3) == 0) body["description"] = new string('d', random.Next(0, 4001));
        if (random.Next(3) == 0) body["location"] = "Petén";
        if (random.Next(3) == 0) body["reference"] = "PNA-1.2";
        if (random.Next(4) == 0) body.Remove("targetPopulation");
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
                case 1: patch["priority"] = ResourceFuzzing.Pick(random, "critical", "high", "medium", "low"); break;
                case 2: patch["amount"] = new JsonObject { ["amount"] = Amount(random) }; break;
                case 3: patch["targetPopulation"] = random.Next(0, 1_000_000); break;
                case 4: patch["description"] = random.Next(2) == 0 ? null : "Updated description"; break;
                case 5: patch["instruments"] = new JsonArray(ResourceFuzzing.Pick(random, "grant", "in-kind", "concessional-loan")); break;
                default: patch["endDate"] = ResourceFuzzing.Pick(random, "2026-12-31", "2027-06-30"); break;
            }
        }
        return patch;
    }

    private static string Amount(Random random) => $"{random.Next(1, 10_000_000)}.{random.Next(100):00}";
}
