using System.Text.Json.Nodes;
using Marketplace.Needs.Domain;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

/// <summary>
/// Runs a request validator on a body as the wire delivers it (parsed from its JSON text, so numbers are
/// JSON numbers rather than CLR values) and returns its errors, checking that a draft comes back exactly
/// when there are none.
/// </summary>
public static class Validation
{
    public static IDictionary<string, string[]> OfNeed(JsonObject body)
    {
        var errors = new FieldErrors();
        var draft = NeedRequest.Validate(AsOnTheWire(body), errors);
        Assert.Equal(errors.Any, draft is null);
        return errors.ToDictionary();
    }

    public static IDictionary<string, string[]> OfPledge(JsonObject body)
    {
        var errors = new FieldErrors();
        var draft = PledgeRequest.Validate(AsOnTheWire(body), errors);
        Assert.Equal(errors.Any, draft is null);
        return errors.ToDictionary();
    }

    public static JsonObject AsOnTheWire(JsonObject body) => JsonNode.Parse(body.ToJsonString())!.AsObject();

    /// <summary>Asserts that exactly <paramref name="expected"/> fields are invalid (none when empty).</summary>
    public static void AssertKeys(IDictionary<string, string[]> errors, params string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
}
