using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Where a service keeps its data. The embedded SQLite store is the default provider; <c>Mongo</c> keeps
/// the same data in one MongoDB database per service (a replica set: writes use multi-document transactions).
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";
    public const string Sqlite = "Sqlite";
    public const string Mongo = "Mongo";

    /// <summary>Folder of the embedded databases; relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    [Required, RegularExpression("^(Sqlite|Mongo)$", ErrorMessage = "Storage:Provider must be Sqlite or Mongo.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>A MongoDB connection string naming a replica set, e.g. <c>mongodb://mongo:27017/?replicaSet=rs0</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The service's own database (one per service: data ownership).</summary>
    public string? Database { get; set; }

    public static readonly TimeSpan DefaultMongoWriteTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a MongoDB write (and a transaction's commit) waits for a majority of the replica set to
    /// acknowledge it, in milliseconds (<c>wtimeout</c>, <c>maxCommitTimeMS</c>); also the server selection
    /// bound. A write that times out fails instead of blocking the request.
    /// </summary>
    [Range(100, 120_000, ErrorMessage = "Storage:MongoWriteTimeoutMilliseconds must be from 100 to 120000.")]
    public int MongoWriteTimeoutMilliseconds { get; set; } = (int)DefaultMongoWriteTimeout.TotalMilliseconds;

    public bool UsesMongo => Provider == Mongo;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesMongo) yield break;
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is Mongo.", [nameof(ConnectionString)]);
        }
        else if (!ConnectionString.StartsWith("mongodb://", StringComparison.Ordinal) && !ConnectionString.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Storage:ConnectionString must be a mongodb:// or mongodb+srv:// URL.", [nameof(ConnectionString)]);
        }
        if (string.IsNullOrWhiteSpace(Database))
        {
            yield return new ValidationResult("Storage:Database is required when Storage:Provider is Mongo.", [nameof(Database)]);
        }
        else if (Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$']) >= 0 || Database.Length > 63)
        {
            yield return new ValidationResult("Storage:Database must be a MongoDB database name (no / \\ . space \" $, at most 63 characters).", [nameof(Database)]);
        }
    }
}
