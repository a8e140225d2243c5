using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Marketplace.TestSupport;

/// <summary>
/// The official IATI 2.03 schema and codelists, read from <c>IATI_SCHEMA_DIR</c> or from
/// <c>../shared/iati-2.03</c> beside the repository root (they are not copied into the project).
/// </summary>
public static class IatiReference
{
    private static readonly Lazy<string> Directory = new(Locate);
    private static readonly Lazy<XmlSchemaSet> Schemas = new(LoadSchemas);

    public static IReadOnlyList<string> SchemaErrors(string document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(document), settings);
        while (reader.Read())
        {
        }
        return errors;
    }

    public static IReadOnlySet<string> Codelist(string name) =>
        XDocument.Load(Path.Combine(Directory.Value, "codelists", name + ".xml"))
            .Descendants("codelist-item").Select(i => i.Element("code")!.Value.Trim()).ToHashSet(StringComparer.Ordinal);

    private static XmlSchemaSet LoadSchemas()
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new XmlUrlResolver() };
        using (var reader = XmlReader.Create(Path.Combine(Directory.Value, "iati-activities-schema.xsd"), settings))
        {
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("IATI_SCHEMA_DIR");
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) continue;
            var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "iati-2.03"));
            if (File.Exists(Path.Combine(shared, "iati-activities-schema.xsd"))) return shared;
            throw new InvalidOperationException($"The IATI 2.03 schema is not at {shared}; set IATI_SCHEMA_DIR to its folder.");
        }
        throw new InvalidOperationException("The repository root (Marketplace.slnx) was not found; set IATI_SCHEMA_DIR.");
    }
}
