using System.Globalization;
using Grpc.Core;
using Marketplace.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Iati;
using Marketplace.ServiceKit.Identity;

namespace Marketplace.Flows.Iati;

/// <summary>
/// Builds the activities of the IATI export (API.md "IATI export") from the flows store, the needs and
/// pledges services (internal gRPC) and the organisation registry (identity service). A flow is reported
/// when one of its transactions (approval, commitment, disbursement, cancellation) falls in the period;
/// a reported flow carries its whole trail, because an IATI activity is a cumulative record that each
/// publication replaces.
/// </summary>
public sealed class IatiExport(
    IFlowStore store, NeedsService.NeedsServiceClient needs, PledgesService.PledgesServiceClient pledges, OrganisationRegistry organisations)
{
    private const int BatchSize = 500;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The reporting organisation and the activities, one per need, in need id order; none when no flow matches.</summary>
    /// <exception cref="IatiExportUnavailableException">A source cannot be read now.</exception>
    public async Task<(IatiOrganisation Reporting, IReadOnlyList<IatiActivity> Activities)> BuildAsync(
        string? country, IatiPeriod period, CancellationToken ct)
    {
        var flows = await FlowsAsync(country, period, ct);
        try
        {
            var registry = await organisations.GetAsync(ct);
            if (flows.Count == 0) return (registry.Secretariat, []);
            var needsById = await NeedsAsync(flows.Select(f => f.NeedId).Distinct().ToList(), ct);
            var pledgesById = await PledgesAsync(flows.Select(f => f.PledgeId).Distinct().ToList(), ct);
            var activities = flows.GroupBy(f => f.NeedId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Activity(Lookup(needsById, g.Key, "need"), g.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id, StringComparer.Ordinal).ToList(),
                    pledgesById, registry))
                .ToList();
            return (registry.Secretariat, activities);
        }
        catch (RpcException ex)
        {
            throw new IatiExportUnavailableException($"a service the export reads from answered {ex.StatusCode}", ex);
        }
        catch (IdentityUnavailableException ex)
        {
            throw new IatiExportUnavailableException("the organisation registry cannot be read now", ex);
        }
    }

    private async Task<List<Flow>> FlowsAsync(string? country, IatiPeriod period, CancellationToken ct)
    {
        var filter = new FlowFilter(country, null, null, null, null);
        var flows = new List<Flow>();
        string? after = null;
        do
        {
            var page = await store.ListAsync(filter, PageToken.MaxPageSize, after, ct);
            flows.AddRange(page.Items.Where(f => TransactionDates(f).Any(period.Contains)));
            after = page.NextPageToken is { } token && PageToken.TryDecode(token, out var last) ? last : null;
        }
        while (after is not null);
        return flows;
    }

    private static IEnumerable<DateOnly> TransactionDates(Flow flow)
    {
        yield return ApprovedOn(flow);
        if (flow.Commitment is { } commitment) yield return commitment.SignedOn;
        foreach (var disbursement in flow.Disbursements) yield return disbursement.Date;
        if (flow.Cancellation is { } cancellation) yield return Day(cancellation.At);
    }

    private async Task<Dictionary<string, Need>> NeedsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, Need>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            var request = new GetNeedsRequest();
            request.Ids.AddRange(batch);
            var reply = await needs.GetNeedsAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: ct);
            foreach (var need in reply.Needs) found[need.Id] = need;
        }
        return found;
    }

    private async Task<Dictionary<string, Pledge>> PledgesAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, Pledge>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            var request = new GetPledgesRequest();
            request.Ids.AddRange(batch);
            var reply = await pledges.GetPledgesAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: ct);
            foreach (var pledge in reply.Pledges) found[pledge.Id] = pledge;
        }
        return found;
    }

    private static IatiActivity Activity(Need need, IReadOnlyList<Flow> flows, Dictionary<string, Pledge> pledgesById,
        OrganisationRegistry.Registry registry)
    {
        var sector = Codelists.Sectors.SingleOrDefault(s => s.Code == need.Sector)
            ?? throw new IatiExportUnavailableException($"Need {need.Id} has a sector ('{need.Sector}') with no DAC code.");
        return new IatiActivity(need.Id, need.Title, need.Description.Length == 0 ? null : need.Description, need.Country,
            sector.DacPurposeCode, OptionalDate(need.StartDate), OptionalDate(need.EndDate), Lookup(registry.ByCode, need.Country, "organisation"),
            flows.Select(f => IatiFlowOf(f, Lookup(pledgesById, f.PledgeId, "pledge"), registry)).ToList(),
            flows.Max(f => f.UpdatedAt));
    }

    private static IatiFlow IatiFlowOf(Flow flow, Pledge pledge, OrganisationRegistry.Registry registry) => new(
        flow.Id, Lookup(registry.ByCode, flow.Donor, "organisation"), pledge.Instrument, flow.Approved.Currency, ApprovedOn(flow),
        flow.Approved.Amount,
        flow.Commitment is { } c ? new IatiCommitment(c.SignedOn, c.Amount.Amount, c.Reference) : null,
        flow.Disbursements.OrderBy(d => d.Date).Select(d => new IatiDisbursement(d.Id, d.Date, d.Amount.Amount, d.Reference)).ToList(),
        flow.Cancellation is { } x ? new IatiCancellation(Day(x.At), x.Released.Amount, x.Reason) : null);

    private static T Lookup<T>(IReadOnlyDictionary<string, T> records, string id, string what) =>
        records.TryGetValue(id, out var record) ? record
            : throw new IatiExportUnavailableException($"The {what} '{id}' that a flow names was not found.");

    private static DateOnly ApprovedOn(Flow flow) => Day(flow.CreatedAt);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static DateOnly? OptionalDate(string text) => text.Length == 0 ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
