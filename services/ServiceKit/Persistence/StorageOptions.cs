using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>Where a service keeps its data. The embedded SQLite store is the default provider.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder of the embedded databases; relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    [Required, RegularExpression("^(Sqlite|Mongo)$", ErrorMessage = "Storage:Provider must be Sqlite or Mongo.")]
    public string Provider { get; set; } = "Sqlite";
}
