using System.Globalization;
using System.Text;
using System.Xml;
using Marketplace.Contracts;

namespace Marketplace.ServiceKit.Iati;

/// <summary>
/// Writes an IATI 2.03 <c>iati-activities</c> document (API.md "IATI export"), streamed with
/// <see cref="XmlWriter"/>: one <c>iati-activity</c> per need, reported by the secretariat for others
/// (<c>secondary-reporter="1"</c>), with each donor as funding and the state's government as implementing
/// organisation, the recipient country, the DAC sector and the transactions of every flow.
/// </summary>
public static class IatiActivitiesWriter
{
    public const string Version = "2.03";

    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CloseOutput = false,
    };

    /// <summary>
    /// Writes the document to <paramref name="output"/>, flushing after every activity, and returns how many
    /// activities it wrote. IATI requires at least one: with none, nothing is written and the answer is 0, so
    /// the caller can say so (for example a 404 problem) instead of sending an invalid file.
    /// </summary>
    public static async Task<int> WriteAsync(Stream output, IatiOrganisation reportingOrg, DateTimeOffset generatedAt,
        IAsyncEnumerable<IatiActivity> activities, CancellationToken ct)
    {
        await using var next = activities.GetAsyncEnumerator(ct);
        if (!await next.MoveNextAsync()) return 0;

        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("iati-activities");
        xml.WriteAttributeString("version", Version);
        xml.WriteAttributeString("generated-datetime", Timestamp(generatedAt));
        var count = 0;
        do
        {
            WriteActivity(xml, reportingOrg, next.Current);
            count++;
            await xml.FlushAsync();
        }
        while (await next.MoveNextAsync());
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return count;
    }

    public static Task<int> WriteAsync(Stream output, IatiOrganisation reportingOrg, DateTimeOffset generatedAt,
        IEnumerable<IatiActivity> activities, CancellationToken ct) =>
        WriteAsync(output, reportingOrg, generatedAt, activities.ToAsyncEnumerable(), ct);

    private static void WriteActivity(XmlWriter xml, IatiOrganisation reporting, IatiActivity activity)
    {
        if (activity.Flows.Count == 0) throw new ArgumentException($"Need {activity.NeedId} has no flow; only needs with an approved flow are activities.", nameof(activity));
        xml.WriteStartElement("iati-activity");
        xml.WriteAttributeString("last-updated-datetime", Timestamp(activity.LastUpdated));
        xml.WriteAttributeString("xml", "lang", XmlNamespace, activity.Language);
        xml.WriteElementString("iati-identifier", $"{reporting.Ref}-{activity.NeedId}");

        xml.WriteStartElement("reporting-org");
        xml.WriteAttributeString("ref", reporting.Ref);
        xml.WriteAttributeString("type", reporting.Type);
        xml.WriteAttributeString("secondary-reporter", "1");
        Narrative(xml, reporting.Name, "en");
        xml.WriteEndElement();

        TextElement(xml, "title", activity.Title);
        TextElement(xml, "description", string.IsNullOrWhiteSpace(activity.Description) ? activity.Title : activity.Description);

        foreach (var donor in activity.Flows.Select(f => f.Donor).DistinctBy(d => d.Ref))
        {
            Organisation(xml, "participating-org", donor, role: IatiCodes.FundingRole);
        }
        Organisation(xml, "participating-org", activity.Government, role: IatiCodes.ImplementingRole);

        xml.WriteStartElement("activity-status");
        xml.WriteAttributeString("code", IatiCodes.ActivityStatus(activity.Flows));
        xml.WriteEndElement();
        foreach (var (type, date) in IatiCodes.ActivityDates(activity))
        {
            xml.WriteStartElement("activity-date");
            xml.WriteAttributeString("type", type);
            xml.WriteAttributeString("iso-date", Date(date));
            xml.WriteEndElement();
        }

        xml.WriteStartElement("recipient-country");
        xml.WriteAttributeString("code", activity.Country);
        xml.WriteAttributeString("percentage", "100");
        xml.WriteEndElement();
        xml.WriteStartElement("sector");
        xml.WriteAttributeString("vocabulary", "1");
        xml.WriteAttributeString("code", activity.DacSectorCode);
        xml.WriteAttributeString("percentage", "100");
        xml.WriteEndElement();

        foreach (var flow in activity.Flows)
        {
            WriteTransactions(xml, activity.Government, flow);
        }
        xml.WriteEndElement();
    }

    private static void WriteTransactions(XmlWriter xml, IatiOrganisation government, IatiFlow flow)
    {
        var instrument = Codelists.Instruments.SingleOrDefault(i => i.Code == flow.Instrument)
            ?? throw new ArgumentException($"Flow {flow.Id} has an unknown instrument '{flow.Instrument}'.", nameof(flow));
        void Transaction(string type, DateOnly date, decimal amount, string reference, string description) =>
            WriteTransaction(xml, government, flow, instrument, type, date, amount, reference, description);

        Transaction(IatiCodes.IncomingPledge, flow.ApprovedOn, flow.Approved, flow.Id, $"Pledge approved for this need (flow {flow.Id}).");
        if (flow.Commitment is { } commitment)
        {
            Transaction(IatiCodes.IncomingCommitment, commitment.SignedOn, commitment.Amount, commitment.Reference,
                $"Commitment signed (flow {flow.Id}, reference {commitment.Reference}).");
        }
        foreach (var disbursement in flow.Disbursements)
        {
            Transaction(IatiCodes.IncomingFunds, disbursement.Date, disbursement.Amount, disbursement.Id,
                $"Disbursement {disbursement.Id} (reference {disbursement.Reference}).");
        }
        if (flow.Cancellation is { } cancellation)
        {
            Transaction(IatiCodes.IncomingCommitment, cancellation.On, -cancellation.Released, flow.Id,
                $"Flow {flow.Id} cancelled; the amount not disbursed is released: {cancellation.Reason}");
        }
    }

    private static void WriteTransaction(XmlWriter xml, IatiOrganisation government, IatiFlow flow, InstrumentEntry instrument,
        string type, DateOnly date, decimal amount, string reference, string description)
    {
        xml.WriteStartElement("transaction");
        xml.WriteAttributeString("ref", reference);
        xml.WriteStartElement("transaction-type");
        xml.WriteAttributeString("code", type);
        xml.WriteEndElement();
        xml.WriteStartElement("transaction-date");
        xml.WriteAttributeString("iso-date", Date(date));
        xml.WriteEndElement();
        xml.WriteStartElement("value");
        xml.WriteAttributeString("currency", flow.Currency);
        xml.WriteAttributeString("value-date", Date(date));
        xml.WriteString(amount.ToString("F" + Currencies.MinorUnitsOf(flow.Currency), CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("description");
        Narrative(xml, description, "en");
        xml.WriteEndElement();
        Organisation(xml, "provider-org", flow.Donor, role: null);
        Organisation(xml, "receiver-org", government, role: null);
        xml.WriteStartElement("finance-type");
        xml.WriteAttributeString("code", instrument.IatiFinanceType);
        xml.WriteEndElement();
        xml.WriteStartElement("aid-type");
        xml.WriteAttributeString("code", instrument.IatiAidType);
        xml.WriteAttributeString("vocabulary", "1");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Organisation(XmlWriter xml, string element, IatiOrganisation organisation, string? role)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("ref", organisation.Ref);
        xml.WriteAttributeString("type", organisation.Type);
        if (role is not null) xml.WriteAttributeString("role", role);
        Narrative(xml, organisation.Name, "en");
        xml.WriteEndElement();
    }

    private static void TextElement(XmlWriter xml, string element, string text)
    {
        xml.WriteStartElement(element);
        Narrative(xml, text, language: null);
        xml.WriteEndElement();
    }

    private static void Narrative(XmlWriter xml, string text, string? language)
    {
        xml.WriteStartElement("narrative");
        if (language is not null) xml.WriteAttributeString("xml", "lang", XmlNamespace, language);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
