using System.Text.Json.Nodes;
using MassTransit;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.Matching.Contracts;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Flows.Consumers;

/// <summary>
/// Opens one flow per approved match. Idempotent: the store inserts a flow only if its match has none, so a
/// redelivered or late duplicate approval (even after the flow moved on) changes nothing.
/// </summary>
public sealed class MatchApprovedConsumer(IFlowStore store, TimeProvider clock) : IConsumer<MatchApproved>
{
    public async Task Consume(ConsumeContext<MatchApproved> context)
    {
        var m = context.Message;
        if (await store.GetByMatchAsync(m.MatchId, context.CancellationToken) is not null) return;
        var flow = FromApproval(m, Ids.New("flow"), clock.GetUtcNow());
        var audit = new AuditEntry(flow.CreatedAt, m.DecidedBy, m.DecidedByOrg, "flow.created", flow.Id, new JsonObject
        {
            ["matchId"] = m.MatchId,
            ["approved"] = MoneyJson.From(flow.Approved),
            ["needApproved"] = MoneyJson.From(flow.NeedApproved),
            ["status"] = flow.Status,
        });
        await store.InsertAsync(new FlowChange(flow, new FlowCreated(flow.ToSnapshot()), audit), context.CancellationToken);
    }

    public static Flow FromApproval(MatchApproved m, string id, DateTimeOffset now) => new(
        id, m.MatchId, m.NeedId, m.PledgeId, m.Country, m.Donor,
        Money.FromDecimal(m.Amount, m.Currency), Money.FromDecimal(m.NeedAmount, m.NeedCurrency),
        m.FxRate ?? Math.Round(m.NeedAmount / m.Amount, 10, MidpointRounding.ToEven),
        null, [], null, now, now, 1);
}
