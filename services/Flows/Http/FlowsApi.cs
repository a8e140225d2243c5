using Marketplace.Contracts;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Flows.Http;

/// <summary>The API document of the flows service's endpoints.</summary>
public static class FlowsApi
{
    public static ApiOperation IatiExport() => new ApiOperation("exportIati", "Exports", "Approved flows as an IATI 2.03 activity file")
        .Describe("One iati-activity per need with an approved flow, reported by the secretariat; transactions 13 (pledge) at " +
            "approval, 11 (commitment), 1 (incoming funds) per disbursement, a negative 11 for what a cancellation released. " +
            "A flow is included when one of its transactions falls in from..until (inclusive), with its whole trail. " +
            "404 when no approved flow matches (the schema requires at least one activity).")
        .Query("country", "Only needs of this country.", Codelists.Countries.Select(c => c.Code))
        .Query("from", "First transaction date (YYYY-MM-DD), inclusive.")
        .Query("until", "Last transaction date (YYYY-MM-DD), inclusive; not before from.")
        .ReturnsXml(200, "An iati-activities document valid against the IATI 2.03 activity schema (iati-activities-schema.xsd).")
        .Fails(400, 404, 503);
}
