using System.ComponentModel.DataAnnotations;

namespace Marketplace.Identity.Options;

public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";
    public const string Sqlite = "Sqlite";
    public const string Mongo = "Mongo";

    /// <summary>Relative paths are resolved against the content root; the whole stack sets it via <c>Storage__DataDirectory</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Where the client store lives: the embedded SQLite file (default) or the MongoDB database <see cref="Database"/>.</summary>
    [Required, RegularExpression("^(Sqlite|Mongo)$", ErrorMessage = "Storage:Provider must be Sqlite or Mongo.")]
    public string Provider { get; set; } = Sqlite;

    public string? ConnectionString { get; set; }

    public string? Database { get; set; }

    /// <summary>How long a MongoDB write waits for a majority (<c>wtimeout</c>), in milliseconds, as for every service (docs/data-model.md).</summary>
    [Range(100, 120_000, ErrorMessage = "Storage:MongoWriteTimeoutMilliseconds must be from 100 to 120000.")]
    public int MongoWriteTimeoutMilliseconds { get; set; } = (int)ServiceKit.Persistence.StorageOptions.DefaultMongoWriteTimeout.TotalMilliseconds;

    /// <summary>The one MongoDB client of the process (majority writes bounded by <see cref="MongoWriteTimeoutMilliseconds"/>).</summary>
    public MongoDB.Driver.IMongoClient CreateMongoClient(string applicationName) =>
        ServiceKit.Persistence.MongoStorage.CreateClient(ConnectionString!, applicationName, TimeSpan.FromMilliseconds(MongoWriteTimeoutMilliseconds));

    public string ResolveDataDirectory(string contentRootPath) =>
        Path.GetFullPath(Path.Combine(contentRootPath, DataDirectory));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != Mongo) yield break;
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is Mongo.", [nameof(ConnectionString)]);
        }
        if (string.IsNullOrWhiteSpace(Database))
        {
            yield return new ValidationResult("Storage:Database is required when Storage:Provider is Mongo.", [nameof(Database)]);
        }
    }
}
