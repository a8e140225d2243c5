using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// The process-wide BSON settings of the stores, applied once before any class map is built: GUIDs as
/// standard UUIDs (subtype 4, the driver 3.x recommendation instead of the legacy C# byte order),
/// decimals as Decimal128 (FX rates stay exact), instants as BSON dates (UTC, millisecond precision) and
/// camelCase element names for the document types of this solution.
/// </summary>
public static class MongoSerialization
{
    private static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureConfigured() => _ = Configured.Value;

    private static bool Configure()
    {
        BsonSerializer.TryRegisterSerializer(new GuidSerializer(GuidRepresentation.Standard));
        BsonSerializer.TryRegisterSerializer(new DecimalSerializer(BsonType.Decimal128));
        BsonSerializer.TryRegisterSerializer(new DateTimeOffsetSerializer(BsonType.DateTime));
        var conventions = new ConventionPack
        {
            new CamelCaseElementNameConvention(),
            new IgnoreExtraElementsConvention(true),
        };
        ConventionRegistry.Register("marketplace", conventions,
            type => type.FullName?.StartsWith("Marketplace.", StringComparison.Ordinal) == true);
        return true;
    }
}
