using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Matching.Http;

/// <summary>The public JSON of <c>GET /api/v1/matches/{id}/preview</c> (API.md "Matching").</summary>
public static class ApprovalPreviewResponse
{
    public static object From(ApprovalPreview p) => new
    {
        need = new
        {
            fundedBefore = MoneyJson.From(p.NeedFundedBefore),
            fundedAfter = MoneyJson.From(p.NeedFundedAfter),
            remainingAfter = MoneyJson.From(p.NeedRemainingAfter),
        },
        pledge = new
        {
            allocatedBefore = MoneyJson.From(p.PledgeAllocatedBefore),
            allocatedAfter = MoneyJson.From(p.PledgeAllocatedAfter),
            remainingAfter = MoneyJson.From(p.PledgeRemainingAfter),
        },
        supersedes = p.Supersedes,
    };
}
