using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>Renders driver definitions to the BSON the server receives (driver 3.x <c>RenderArgs</c> API).</summary>
public static class Rendered
{
    public static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);

    public static BsonDocument Filter<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonValue Update<T>(UpdateDefinition<T> update) => update.Render(Args<T>());

    public static BsonDocument Sort<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Keys<T>(CreateIndexModel<T> index) => index.Keys.Render(Args<T>());

    /// <summary>Parses MongoDB shell syntax, so that expectations state types: <c>NumberLong(1)</c>, <c>NumberDecimal("1.5")</c>.</summary>
    public static BsonValue Parse(string json) => json.TrimStart().StartsWith('[')
        ? MongoDB.Bson.Serialization.BsonSerializer.Deserialize<BsonArray>(json)
        : BsonDocument.Parse(json);

    public static void Equal(string expected, BsonValue actual) =>
        Assert.True(Parse(expected).Equals(actual), $"Expected {Parse(expected).ToJson()}\nActual   {actual.ToJson()}");
}
