using System.Diagnostics;
using Marketplace.TestSupport;

namespace Marketplace.Observability.Tests;

/// <summary>
/// Requests that start a trace of their own: the test plays a traced client and sends a W3C
/// <c>traceparent</c>, so it knows the trace id to look for and the span id the gateway must parent to.
/// </summary>
public static class TracedRequests
{
    public static async Task<(HttpResponseMessage Response, ClientSpan Span)> SendTracedAsync(this HttpClient client, HttpMethod method,
        string path, string? json = null)
    {
        var span = new ClientSpan(ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString());
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Add("traceparent", $"00-{span.TraceId}-{span.SpanId}-01");
        return (await client.SendAsync(request), span);
    }

    public static async Task<string> PostNeedAsync(this HttpClient state, string country, string amount, string sector)
    {
        var response = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"{{country}}","title":"Observability need","sector":"{{sector}}","amount":{"amount":"{{amount}}","currency":"USD"},
             "instruments":["grant"],"priority":"high"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static string PledgeJson(string amount, string country, string sector) => $$"""
        {"title":"Observability pledge","amount":{"amount":"{{amount}}","currency":"USD"},"instrument":"grant",
         "countries":["{{country}}"],"sectors":["{{sector}}"]}
        """;

    public static async Task<string> ProposalForNeedAsync(this HttpClient client, string needId) =>
        (await Eventually.GetAsync(
            async () => await (await client.GetAsync($"api/v1/matches?status=proposed&needId={needId}")).ReadObjectAsync(),
            page => page["items"]!.AsArray().Count > 0, TimeSpan.FromSeconds(30), $"a proposal for {needId}"))
        ["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
}

/// <summary>The test's own client span: the root of the trace the gateway continues.</summary>
public sealed record ClientSpan(string TraceId, string SpanId);
