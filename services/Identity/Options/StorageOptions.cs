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
