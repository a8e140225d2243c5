using Marketplace.Contracts;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Pledges.Http;

/// <summary>The API document of <c>/api/v1/pledges</c>: schemas whose examples the real mappers produce.</summary>
public static class PledgesApi
{
    private static readonly PledgeDraft ExampleDraft = new("Reception capacity in Central America", "Multi-year grant.",
        Money.FromDecimal(1_000_000m, "EUR"), "grant", ["GT", "HN"], ["reception-shelter"], Money.FromDecimal(50_000m, "EUR"),
        Money.FromDecimal(400_000m, "EUR"), new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), "Quarterly reporting.");

    private static readonly string[] OptionalFields =
        ["description", "minAllocation", "maxAllocation", "availableFrom", "availableUntil", "conditions"];

    public static readonly ApiSchema Request = ApiSchema.FromExample("PledgeRequest",
        "The fields a donor writes (donor is always the caller's org). Empty countries or sectors mean every one. " +
        "A PATCH is a JSON merge patch of these.",
        PledgeRequest.ToJson(ExampleDraft), OptionalFields);

    public static readonly ApiSchema Pledge = ApiSchema.FromExample("Pledge",
        "A donor's or financial institution's offer with what has been allocated from it.",
        PledgeResponse.From(new Domain.Pledge("pledge_01jdx4m2q7", "ES", ExampleDraft, 25_000_000, false,
            new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 15, 4, 5, TimeSpan.Zero), 2), new TrailTotals(20_000_000, 8_000_000)),
        OptionalFields);

    public static ApiOperation Create() => new ApiOperation("createPledge", "Pledges", "Post a pledge")
        .Describe("Role donor, or fund-manager for a MIRPS Fund pledge (donor MIRPS-FUND); donor is the caller's org and naming it in the body is 400 " +
            "like every server-owned field. Unknown fields are 400.")
        .Body(Request)
        .Returns(201, Pledge, "The pledge, with Location and ETag.")
        .Fails(400, 403, 413, 415);

    public static ApiOperation List() => new ApiOperation("listPledges", "Pledges", "List pledges")
        .Describe("country and sector select the pledges that can fund them: earmarked for them, or not earmarked on that axis.")
        .Query("donor", "Only this donor's pledges (MIRPS-FUND: the Fund's).", [.. Codelists.Donors.Select(d => d.Code), Codelists.Fund])
        .Query("country", "Pledges that can fund this country.", Codelists.Countries.Select(c => c.Code))
        .Query("sector", "Pledges that can fund this sector.", Codelists.Sectors.Select(s => s.Code))
        .Query("instrument", "Only this instrument.", Codelists.Instruments.Select(i => i.Code))
        .Query("status", "Only this status.", Codelists.PledgeStatuses.Select(s => s.Code))
        .ReturnsPage(Pledge, "Pledges in creation order.")
        .Fails(400);

    public static ApiOperation Get() => new ApiOperation("getPledge", "Pledges", "Read a pledge")
        .Returns(200, Pledge, "The pledge, with ETag.")
        .Fails(404);

    public static ApiOperation Patch() => new ApiOperation("updatePledge", "Pledges", "Edit a pledge")
        .Describe("Owner only. JSON merge patch; lowering amount below allocated is 409.")
        .Header("If-Match", "\"<version>\" last read.", required: true)
        .Body(Request, mergePatch: true)
        .Returns(200, Pledge, "The updated pledge.")
        .Fails(400, 403, 404, 409, 412, 413, 415, 428);

    public static ApiOperation Withdraw() => new ApiOperation("withdrawPledge", "Pledges", "Withdraw a pledge")
        .Describe("Owner only. A fully allocated pledge cannot be withdrawn (409).")
        .Returns(200, Pledge, "The withdrawn pledge.")
        .Fails(403, 404, 409);
}
