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
    private static readonly int Bodies = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_BODIES"), out var n) ? n : 3000;

    [Fact]
    public async Task Create_ThousandsOfRandomAndMalformedBodies_NeverFailsWith5xxAndStoresExactlyTheCreated()
    {
        await using var factory = new NeedsApiFactory();
        var client = factory.ClientAs("state", "GT");
        var outcome = new FuzzOutcome(HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(new RequestFuzzer(Seed, ValidNeed).Generate(Bodies), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (request, _) =>
            {
                var need = await outcome.SendAsync(request, ct => client.PostAsync("/api/v1/needs", request.ToContent(), ct), HttpStatusCode.Created);
                if (need is not null) created.Add(need["id"]!.GetValue<string>());
            });

        outcome.AssertNoneUnexpected(Seed);
        Assert.InRange(outcome.Count(HttpStatusCode.Created), Bodies / 20, Bodies / 2);
        Assert.InRange(outcome.Count(HttpStatusCode.BadRequest), Bodies / 4, Bodies);
        var stored = await ListAllIdsAsync(client);
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
        var version = 1L;
        JsonObject? lastAccepted = null;

        foreach (var request in new RequestFuzzer(Seed + 1, ValidPatch).Generate(Bodies))
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}") { Content = request.ToContent() };
            patch.Headers.IfMatch.Add(new($"\"{version}\""));
            var updated = await outcome.SendAsync(request, ct => client.SendAsync(patch, ct), HttpStatusCode.OK);
            if (updated is null) continue;
            lastAccepted = updated;
            Assert.Equal(++version, updated["version"]!.GetValue<long>());
        }

        outcome.AssertNoneUnexpected(Seed + 1);
        Assert.InRange(outcome.Count(HttpStatusCode.OK), Bodies / 20, Bodies / 2);
        var stored = await (await client.GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal(1 + outcome.Count(HttpStatusCode.OK), stored["version"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(lastAccepted, stored), $"stored {stored.ToJsonString()}\nlast accepted {lastAccepted?.ToJsonString()}");
        Assert.Equal([id], await ListAllIdsAsync(client));
    }

    private static JsonObject ValidNeed(Random random)
    {
        var body = NeedBodies.Valid(amount: Amount(random));
        body["title"] = $"Need {random.Next()} ñ 🌎";
        body["sector"] = Pick(random, "health", "education", "protection", "reception-shelter");
        body["priority"] = Pick(random, "critical", "high", "medium", "low");
        body["instruments"] = new JsonArray(Pick(random, "grant", "in-kind"), "technical-assistance");
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
                case 1: patch["priority"] = Pick(random, "critical", "high", "medium", "low"); break;
                case 2: patch["amount"] = new JsonObject { ["amount"] = Amount(random) }; break;
                case 3: patch["targetPopulation"] = random.Next(0, 1_000_000); break;
                case 4: patch["description"] = random.Next(2) == 0 ? null : "Updated description"; break;
                case 5: patch["instruments"] = new JsonArray(Pick(random, "grant", "in-kind", "concessional-loan")); break;
                default: patch["endDate"] = Pick(random, "2026-12-31", "2027-06-30"); break;
            }
        }
        return patch;
    }

    private static string Amount(Random random) => $"{random.Next(1, 10_000_000)}.{random.Next(100):00}";

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static async Task<List<string>> ListAllIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/needs?pageSize=200{(token is null ? "" : "&pageToken=" + token)}")).ReadObjectAsync();
            ids.AddRange(page["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);
        return ids;
    }
}
