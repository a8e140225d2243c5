using System.ComponentModel.DataAnnotations;

namespace Marketplace.Identity.Options;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Relative paths are resolved against the content root; the whole stack sets it via <c>Storage__DataDirectory</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    public string ResolveDataDirectory(string contentRootPath) =>
        Path.GetFullPath(Path.Combine(contentRootPath, DataDirectory));
}
