using System.Xml.Linq;
using Marketplace.ServiceKit.Iati;
using Marketplace.TestSupport;

namespace Marketplace.UnitTests;

public sealed class IatiActivitiesWriterTests
{
    private static readonly IatiOrganisation Secretariat = new("XM-DAC-41121", "40", "UNHCR-OAS MIRPS technical secretariat");
    private static readonly IatiOrganisation Spain = new("XM-DAC-50-10", "10", "Spain (AECID)");
    private static readonly IatiOrganisation Idb = new("XM-DAC-909", "40", "Inter-American Development Bank");
    private static readonly IatiOrganisation Guatemala = new("GT-MINEX-1", "10", "Government of Guatemala");
    private static readonly IatiOrganisation Honduras = new("HN-SRECI-1", "10", "Government of Honduras");

    /// <summary>
    /// One need funded by two donors in two currencies: Spain's technical assistance approved, committed and
    /// disbursed twice; the IDB's loan approved, committed and then cancelled before any disbursement. A second
    /// need has an in-kind pledge approved only.
    /// </summary>
    private static IReadOnlyList<IatiActivity> Scenario() =>
    [
        new("need_0001", "Fortalecimiento del sistema de asilo & registro <2026>", "Registro y documentación de solicitantes.", "GT", "15190",
            new DateOnly(2026, 2, 1), new DateOnly(2026, 12, 31), Guatemala,
            [
                new IatiFlow("flow_a", Spain, "technical-assistance", "EUR", new DateOnly(2026, 3, 2), 150_000.00m,
                    new IatiCommitment(new DateOnly(2026, 3, 20), 150_000.00m, "AECID-2026-017"),
                    [
                        new IatiDisbursement("disb_1", new DateOnly(2026, 4, 15), 50_000.00m, "TR-001"),
                        new IatiDisbursement("disb_2", new DateOnly(2026, 6, 15), 60_000.50m, "TR-002"),
                    ],
                    null),
                new IatiFlow("flow_b", Idb, "concessional-loan", "USD", new DateOnly(2026, 3, 5), 400_000.00m,
                    new IatiCommitment(new DateOnly(2026, 4, 1), 400_000.00m, "IDB-GT-L1234"), [],
                    new IatiCancellation(new DateOnly(2026, 7, 1), 400_000.00m, "Loan not ratified")),
            ],
            new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)),
        new("need_0002", "Shelter kits for the southern border", null, "HN", "72010", null, null, Honduras,
            [new IatiFlow("flow_c", Spain, "in-kind", "EUR", new DateOnly(2026, 5, 10), 80_000.00m, null, [], null)],
            new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero), Language: "en"),
    ];

    [Fact]
    public async Task Export_OfTheSeededScenario_IsValidAgainstTheIati203Schema()
    {
        var document = await WriteAsync(Scenario());

        Assert.Empty(IatiReference.SchemaErrors(document));
    }

    [Fact]
    public async Task Export_UsesOnlyCodesFromTheIatiCodelists()
    {
        var document = XDocument.Parse(await WriteAsync(Scenario()));

        var checks = new (string Codelist, IEnumerable<string> Codes)[]
        {
            ("TransactionType", Attributes(document, "transaction-type", "code")),
            ("OrganisationRole", Attributes(document, "participating-org", "role")),
            ("OrganisationType", new[] { "reporting-org", "participating-org", "provider-org", "receiver-org" }.SelectMany(e => Attributes(document, e, "type"))),
            ("ActivityStatus", Attributes(document, "activity-status", "code")),
            ("ActivityDateType", Attributes(document, "activity-date", "type")),
            ("Country", Attributes(document, "recipient-country", "code")),
            ("Sector", Attributes(document, "sector", "code")),
            ("Currency", Attributes(document, "value", "currency")),
            ("FinanceType", Attributes(document, "finance-type", "code")),
            ("AidType", Attributes(document, "aid-type", "code")),
        };
        foreach (var (codelist, codes) in checks)
        {
            var used = codes.ToList();
            Assert.True(used.Count > 0, $"the export uses no {codelist} code");
            var allowed = IatiReference.Codelist(codelist);
            Assert.All(used, code => Assert.True(allowed.Contains(code), $"{code} is not in the {codelist} codelist"));
        }
        Assert.All(document.Descendants("sector"), s => Assert.Equal("1", s.Attribute("vocabulary")!.Value));
        Assert.All(document.Descendants("aid-type"), a => Assert.Equal("1", a.Attribute("vocabulary")!.Value));
        Assert.DoesNotContain("H02", Attributes(document, "aid-type", "code"));
    }

    [Fact]
    public async Task Export_CarriesTheExpectedTransactionsOrganisationsAndStatus()
    {
        var document = XDocument.Parse(await WriteAsync(Scenario()));
        var guatemala = document.Descendants("iati-activity").First();

        Assert.Equal("2.03", document.Root!.Attribute("version")!.Value);
        Assert.Equal("XM-DAC-41121-need_0001", guatemala.Element("iati-identifier")!.Value);
        var reporting = guatemala.Element("reporting-org")!;
        Assert.Equal(("XM-DAC-41121", "40", "1"), (reporting.Attribute("ref")!.Value, reporting.Attribute("type")!.Value, reporting.Attribute("secondary-reporter")!.Value));
        Assert.Equal(["XM-DAC-50-10:1", "XM-DAC-909:1", "GT-MINEX-1:4"],
            guatemala.Elements("participating-org").Select(o => $"{o.Attribute("ref")!.Value}:{o.Attribute("role")!.Value}"));
        Assert.Equal("2", guatemala.Element("activity-status")!.Attribute("code")!.Value);
        Assert.Equal(["1:2026-02-01", "2:2026-04-15", "3:2026-12-31"],
            guatemala.Elements("activity-date").Select(d => $"{d.Attribute("type")!.Value}:{d.Attribute("iso-date")!.Value}"));
        Assert.Equal(("GT", "15190"), (guatemala.Element("recipient-country")!.Attribute("code")!.Value, guatemala.Element("sector")!.Attribute("code")!.Value));
        Assert.Equal("Fortalecimiento del sistema de asilo & registro <2026>", guatemala.Element("title")!.Element("narrative")!.Value);

        string[] expected =
        [
            "13|2026-03-02|EUR|150000.00|XM-DAC-50-10|GT-MINEX-1|110|D02",
            "11|2026-03-20|EUR|150000.00|XM-DAC-50-10|GT-MINEX-1|110|D02",
            "1|2026-04-15|EUR|50000.00|XM-DAC-50-10|GT-MINEX-1|110|D02",
            "1|2026-06-15|EUR|60000.50|XM-DAC-50-10|GT-MINEX-1|110|D02",
            "13|2026-03-05|USD|400000.00|XM-DAC-909|GT-MINEX-1|421|C01",
            "11|2026-04-01|USD|400000.00|XM-DAC-909|GT-MINEX-1|421|C01",
            "11|2026-07-01|USD|-400000.00|XM-DAC-909|GT-MINEX-1|421|C01",
        ];
        Assert.Equal(expected, guatemala.Elements("transaction").Select(Describe));
        Assert.All(guatemala.Elements("transaction"), t => Assert.Equal(t.Element("transaction-date")!.Attribute("iso-date")!.Value,
            t.Element("value")!.Attribute("value-date")!.Value));

        var honduras = document.Descendants("iati-activity").Last();
        Assert.Equal("1", honduras.Element("activity-status")!.Attribute("code")!.Value);
        Assert.Equal(["1:2026-05-10"], honduras.Elements("activity-date").Select(d => $"{d.Attribute("type")!.Value}:{d.Attribute("iso-date")!.Value}"));
        Assert.Equal("13|2026-05-10|EUR|80000.00|XM-DAC-50-10|HN-SRECI-1|110|C01", Describe(honduras.Elements("transaction").Single()));
        Assert.Equal(honduras.Element("title")!.Value, honduras.Element("description")!.Value);
    }

    [Fact]
    public async Task Export_WithoutActivities_WritesNothingAndSaysSo()
    {
        using var output = new MemoryStream();

        var written = await IatiActivitiesWriter.WriteAsync(output, Secretariat, DateTimeOffset.UtcNow, Array.Empty<IatiActivity>(), CancellationToken.None);

        Assert.Equal(0, written);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task SchemaCheck_RejectsADocumentMissingARequiredElement()
    {
        var document = XDocument.Parse(await WriteAsync(Scenario()));
        document.Descendants("transaction-type").First().Remove();
        document.Descendants("reporting-org").First().Attribute("ref")!.Remove();

        var errors = IatiReference.SchemaErrors(document.ToString());

        Assert.True(errors.Count >= 2, string.Join("\n", errors));
    }

    private static async Task<string> WriteAsync(IEnumerable<IatiActivity> activities)
    {
        using var output = new MemoryStream();
        var written = await IatiActivitiesWriter.WriteAsync(output, Secretariat, new DateTimeOffset(2026, 7, 2, 8, 0, 0, TimeSpan.Zero), activities, CancellationToken.None);
        Assert.True(written > 0);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    private static IEnumerable<string> Attributes(XDocument document, string element, string attribute) =>
        document.Descendants(element).Select(e => e.Attribute(attribute)?.Value).OfType<string>();

    private static string Describe(XElement t) => string.Join('|',
        t.Element("transaction-type")!.Attribute("code")!.Value,
        t.Element("transaction-date")!.Attribute("iso-date")!.Value,
        t.Element("value")!.Attribute("currency")!.Value,
        t.Element("value")!.Value,
        t.Element("provider-org")!.Attribute("ref")!.Value,
        t.Element("receiver-org")!.Attribute("ref")!.Value,
        t.Element("finance-type")!.Attribute("code")!.Value,
        t.Element("aid-type")!.Attribute("code")!.Value);
}
