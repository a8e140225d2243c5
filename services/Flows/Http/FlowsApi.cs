using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Flows.Http;

/// <summary>The API document of <c>/api/v1/flows</c>: schemas whose examples the real mappers and rules produce.</summary>
public static class FlowsApi
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 15, 4, 5, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 2);

    private static readonly Flow ExampleFlow = Example();

    private static Flow Example()
    {
        var flow = new Flow("flow_01jdx7c2v9", "match_01jdx59z3k", "need_01jdx3k8s2", "pledge_01jdx4m2q7", "GT", "ES",
            Money.FromDecimal(1_000_000m, "EUR"), Money.FromDecimal(1_085_000m, "USD"), 1.085m, null, [], null, At, At, 1);
        flow = FlowRules.Commit(flow, Day, "AECID-GT-2026-14", Money.FromDecimal(800_000m, "EUR"), "donor-es", At).Flow!;
        flow = FlowRules.Disburse(flow, "disb_01jdx8a1", Day.AddDays(8), Money.FromDecimal(300_000m, "EUR"), "SWIFT 2026-11-10/4471", "donor-es", At).Flow!;
        flow = FlowRules.Receive(flow, "disb_01jdx8a1", "state-gt", At.AddDays(1))!.Flow!;
        // Cancelled and released, so that the example gives every field of a flow a value.
        flow = FlowRules.Cancel(flow, "The programme closed early.", "donor-es", "ES", At.AddDays(20)).Flow!;
        return FlowRules.MarkReleased(flow, At.AddDays(20)).Flow!;
    }

    public static readonly ApiSchema FlowSchema = ApiSchema.FromExample("Flow",
        "The money trail of one approved match (pledge currency; need side converted on totals).",
        FlowResponse.From(ExampleFlow), "commitment", "cancellation");

    public static readonly ApiSchema DisbursementSchema = ApiSchema.FromExample("Disbursement",
        "Money that left the donor; receivedAt once the member state confirms it.",
        FlowResponse.Disbursement(ExampleFlow, ExampleFlow.Disbursements[0]), "receivedAt");

    public static readonly ApiSchema CommitmentRequest = ApiSchema.FromExample("CommitmentRequest",
        "The donor's signed commitment; amount defaults to the approved amount and may not exceed it.",
        new JsonObject
        {
            ["signedOn"] = "2026-11-02", ["reference"] = "AECID-GT-2026-14",
            ["amount"] = new JsonObject { ["amount"] = "800000.00", ["currency"] = "EUR" },
        }, "amount");

    public static readonly ApiSchema DisbursementRequest = ApiSchema.FromExample("DisbursementRequest",
        "A disbursement in the pledge's currency; the total never exceeds the commitment.",
        new JsonObject
        {
            ["date"] = "2026-11-10", ["amount"] = new JsonObject { ["amount"] = "300000.00", ["currency"] = "EUR" },
            ["reference"] = "SWIFT 2026-11-10/4471",
        });

    public static readonly ApiSchema CancelRequest = ApiSchema.FromExample("CancelRequest",
        "Why the flow is cancelled (1 to 1000 characters).", new JsonObject { ["reason"] = "The programme closed early." });

    private const string IdempotencyKey = "Idempotency-Key";
    private const string IdempotencyDescription = "1–255 printable characters; a repeat with the same body replays the first response.";

    public static ApiOperation List() => new ApiOperation("listFlows", "Flows", "List flows")
        .Query("country", "Only this country's flows.", Codelists.Countries.Select(c => c.Code))
        .Query("donor", "Only this donor's flows (MIRPS-FUND for the Fund's).")
        .Query("status", "Only this status.", FlowStatus.All)
        .Query("needId", "Only the flows of this need.")
        .Query("pledgeId", "Only the flows of this pledge.")
        .ReturnsPage(FlowSchema, "Flows in creation order.")
        .Fails(400);

    public static ApiOperation Get() => new ApiOperation("getFlow", "Flows", "Read a flow")
        .Returns(200, FlowSchema, "The flow, with ETag.")
        .Fails(404);

    public static ApiOperation GetDisbursement() => new ApiOperation("getDisbursement", "Flows", "Read a disbursement")
        .Returns(200, DisbursementSchema, "The disbursement.")
        .Fails(404);

    public static ApiOperation Commit() => new ApiOperation("commitFlow", "Flows", "Record the commitment")
        .Describe("The flow's donor (the fund manager for a Fund pledge). 409 when the flow is not approved or the amount exceeds it.")
        .Header(IdempotencyKey, IdempotencyDescription)
        .Body(CommitmentRequest)
        .Returns(200, FlowSchema, "The flow, committed.")
        .Fails(400, 403, 404, 409, 413, 415, 422);

    public static ApiOperation Disburse() => new ApiOperation("disburseFlow", "Flows", "Record a disbursement")
        .Describe("The flow's donor. 409 before a commitment, on a cancelled flow, or past the commitment (also under concurrent requests).")
        .Header(IdempotencyKey, IdempotencyDescription)
        .Body(DisbursementRequest)
        .Returns(201, DisbursementSchema, "The disbursement, with Location.")
        .Fails(400, 403, 404, 409, 413, 415, 422);

    public static ApiOperation Receive() => new ApiOperation("confirmReceipt", "Flows", "Confirm the receipt of a disbursement")
        .Describe("The need's member state. A second receipt is 200 and changes nothing.")
        .Header(IdempotencyKey, IdempotencyDescription)
        .Returns(200, FlowSchema, "The flow.")
        .Fails(403, 404, 422);

    public static ApiOperation Cancel() => new ApiOperation("cancelFlow", "Flows", "Cancel a flow")
        .Describe("The flow's donor or the secretariat. What is not disbursed goes back to the pledge and the need. 409 when disbursed or cancelled.")
        .Header(IdempotencyKey, IdempotencyDescription)
        .Body(CancelRequest)
        .Returns(200, FlowSchema, "The flow, cancelled.")
        .Fails(400, 403, 404, 409, 413, 415, 422);

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
