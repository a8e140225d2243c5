using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Needs.Http;

/// <summary>The API document of <c>/api/v1/needs</c>: schemas whose examples the real mappers produce.</summary>
public static class NeedsApi
{
    private static readonly NeedDraft ExampleDraft = new("GT", "Shelter network along the northern corridor",
        "Reception and referral for people in transit.", "reception-shelter", Money.FromDecimal(2_500_000m, "USD"),
        ["grant", "in-kind"], "critical", 12000, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "Petén", "PNA 3.2");

    private static readonly string[] OptionalFields = ["description", "targetPopulation", "startDate", "endDate", "location", "reference"];

    public static readonly ApiSchema Request = ApiSchema.FromExample("NeedRequest",
        "The fields a member state writes. A PATCH is a JSON merge patch of these (null removes an optional field).",
        NeedRequest.ToJson(ExampleDraft), OptionalFields);

    public static readonly ApiSchema Need = ApiSchema.FromExample("Need",
        "A member state's costed funding need with what has been approved towards it.",
        NeedResponse.From(new Domain.Need("need_01jdx3k8s2", ExampleDraft, 50_000_000, false,
            new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 15, 4, 5, TimeSpan.Zero), 3,
            new NeedReferral(new DateTimeOffset(2026, 11, 27, 15, 4, 5, TimeSpan.Zero), "No bilateral pledge accepts in-kind reception support in Petén.", "person_01jdx2")),
            new TrailTotals(30_000_000, 12_000_000)),
        [.. OptionalFields, "referral"]);

    public static readonly ApiSchema ReferRequest = ApiSchema.FromExample("ReferralRequest",
        "Why the need is referred to the MIRPS Fund (1–1000 characters).",
        new System.Text.Json.Nodes.JsonObject { ["reason"] = "No bilateral pledge accepts in-kind reception support in Petén." });

    private static readonly string[] Countries = Codelists.Countries.Select(c => c.Code).ToArray();

    public static ApiOperation Create() => new ApiOperation("createNeed", "Needs", "Publish a need")
        .Describe("Role state; country must be the caller's org. Unknown and server-owned fields are 400.")
        .Body(Request)
        .Returns(201, Need, "The need, with Location and ETag.")
        .Fails(400, 403, 413, 415);

    public static ApiOperation List() => new ApiOperation("listNeeds", "Needs", "List needs")
        .Query("country", "Only this country's needs.", Countries)
        .Query("sector", "Only this sector.", Codelists.Sectors.Select(s => s.Code))
        .Query("status", "Only this status.", Codelists.NeedStatuses.Select(s => s.Code))
        .ReturnsPage(Need, "Needs in creation order.")
        .Fails(400);

    public static ApiOperation Get() => new ApiOperation("getNeed", "Needs", "Read a need")
        .Returns(200, Need, "The need, with ETag.")
        .Fails(404);

    public static ApiOperation Patch() => new ApiOperation("updateNeed", "Needs", "Edit a need")
        .Describe("Owner only. JSON merge patch; lowering amount below funded is 409; the country cannot change (403).")
        .Header("If-Match", "\"<version>\" last read.", required: true)
        .Body(Request, mergePatch: true)
        .Returns(200, Need, "The updated need.")
        .Fails(400, 403, 404, 409, 412, 413, 415, 428);

    public static ApiOperation Refer() => new ApiOperation("referNeed", "Needs", "Refer a need to the MIRPS Fund")
        .Describe("The need's member state or the secretariat (another country's state: 403). The need carries referral {at, reason, by} " +
            "until it is funded or withdrawn, or bilateral proposals cover its whole gap. A withdrawn, funded or already referred need is 409.")
        .Body(ReferRequest)
        .Returns(200, Need, "The referred need, with ETag.")
        .Fails(400, 403, 404, 409, 413, 415);

    public static ApiOperation Withdraw() => new ApiOperation("withdrawNeed", "Needs", "Withdraw a need")
        .Describe("Owner only; its proposed matches become superseded. A funded need cannot be withdrawn (409).")
        .Returns(200, Need, "The withdrawn need.")
        .Fails(403, 404, 409);
}
