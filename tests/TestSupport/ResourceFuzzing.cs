using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>
/// Drives fuzzed bodies at a resource collection of the API (POST in parallel, PATCH in sequence with the
/// current If-Match), recording every response in a <see cref="FuzzOutcome"/>; the tests assert on the result.
/// </summary>
public static class ResourceFuzzing
{
    /// <summary>Bodies per run: 3000, or FUZZ_BODIES.</summary>
    public static readonly int Bodies = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_BODIES"), out var n) ? n : 3000;

    /// <summary>POSTs every request to <paramref name="collection"/>; returns the ids the API said it created.</summary>
    public static async Task<IReadOnlyCollection<string>> PostAllAsync(HttpClient client, string collection, IEnumerable<FuzzedRequest> requests,
        FuzzOutcome outcome)
    {
        var created = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var item = await outcome.SendAsync(request, ct => client.PostAsync(collection, request.ToContent(), ct), HttpStatusCode.Created);
            if (item is not null) created.Add(item["id"]!.GetValue<string>());
        });
        return created;
    }

    /// <summary>
    /// PATCHes <paramref name="item"/> (at version 1) with every request in order, each with the current
    /// If-Match; every accepted patch must raise the version by one. Returns the last accepted representation.
    /// </summary>
    public static async Task<JsonObject?> PatchInOrderAsync(HttpClient client, string item, IEnumerable<FuzzedRequest> requests, FuzzOutcome outcome)
    {
        var version = 1L;
        JsonObject? lastAccepted = null;
        foreach (var request in requests)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, item) { Content = request.ToContent() };
            patch.Headers.IfMatch.Add(new($"\"{version}\""));
            var updated = await outcome.SendAsync(request, ct => client.SendAsync(patch, ct), HttpStatusCode.OK);
            if (updated is null) continue;
            lastAccepted = updated;
            Assert.Equal(++version, updated["version"]!.GetValue<long>());
        }
        return lastAccepted;
    }

    /// <summary>Every id in <paramref name="collection"/>, following the cursor page by page.</summary>
    public static async Task<List<string>> ListAllIdsAsync(HttpClient client, string collection)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync($"{collection}?pageSize=200{(token is null ? "" : "&pageToken=" + token)}")).ReadObjectAsync();
            ids.AddRange(page["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);
        return ids;
    }

    public static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}
