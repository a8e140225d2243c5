using Grpc.Core;
using Marketplace.Contracts;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.ServiceKit.Grpc;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Pledges.Grpc;

/// <summary>
/// The internal gRPC API of the pledges service: the matching service rebuilds its view of pledges and
/// reserves or releases the allocations of approved matches.
/// </summary>
[Authorize(Policies.InternalService)]
public sealed class PledgesGrpcService(IPledgeStore store) : PledgesService.PledgesServiceBase
{
    /// <summary>The most ids one <c>GetPledges</c> call reads; a caller with more asks in batches.</summary>
    public const int MaxIds = 500;

    public override async Task StreamPledges(StreamPledgesRequest request, IServerStreamWriter<Pledge> responseStream,
        ServerCallContext context)
    {
        await foreach (var pledge in store.StreamAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Message(pledge), context.CancellationToken);
        }
    }

    public override async Task<GetPledgesReply> GetPledges(GetPledgesRequest request, ServerCallContext context)
    {
        if (request.Ids.Count > MaxIds)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxIds} ids per call."));
        var reply = new GetPledgesReply();
        foreach (var id in request.Ids.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(id, context.CancellationToken) is { } pledge) reply.Pledges.Add(Message(pledge));
        }
        return reply;
    }

    public override async Task<AllocationReply> ReserveAllocation(ReserveAllocationRequest request, ServerCallContext context)
    {
        if (!Currencies.TryGet(request.Currency, out _) || Money.TryParse(request.Amount, request.Currency, out _) is not { } amount)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "amount and currency must be a positive amount in an accepted currency."));
        }
        var result = await store.ReserveAllocationAsync(request.MatchId, request.PledgeId, amount,
            Caller.Relayed(request.Actor, request.ActorName, request.ActorOrg), context.CancellationToken);
        CommitmentStatus.ThrowIfRefused(result, "pledge");
        return await ReplyAsync(request.PledgeId, context.CancellationToken);
    }

    public override async Task<AllocationReply> ReleaseAllocation(ReleaseAllocationRequest request, ServerCallContext context)
    {
        Money? keep = null;
        if (request.KeepAmount.Length > 0)
        {
            var pledge = await store.GetAsync(request.PledgeId, context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, "No such pledge."));
            keep = GrpcMoney.OptionalKeep(request.KeepAmount, request.KeepCurrency, pledge.Fields.Amount.Currency);
        }
        var result = await store.ReleaseAllocationAsync(request.MatchId, request.PledgeId, keep, Caller.Relayed(request.Actor, request.ActorName, request.ActorOrg),
            context.CancellationToken);
        CommitmentStatus.ThrowIfRefused(result, "pledge");
        return await ReplyAsync(request.PledgeId, context.CancellationToken);
    }

    private static Pledge Message(Domain.Pledge pledge)
    {
        var f = pledge.Fields;
        var message = new Pledge
        {
            Id = pledge.Id,
            Donor = pledge.Donor,
            Title = f.Title,
            Instrument = f.Instrument,
            Amount = f.Amount.AmountString,
            Allocated = pledge.Allocated.AmountString,
            Currency = f.Amount.Currency,
            MinAllocation = f.MinAllocation?.AmountString ?? "",
            MaxAllocation = f.MaxAllocation?.AmountString ?? "",
            AvailableFrom = f.AvailableFrom?.ToString("yyyy-MM-dd") ?? "",
            AvailableUntil = f.AvailableUntil?.ToString("yyyy-MM-dd") ?? "",
            Status = pledge.Status,
            Version = pledge.Version,
        };
        message.Countries.AddRange(f.Countries);
        message.Sectors.AddRange(f.Sectors);
        return message;
    }

    private async Task<AllocationReply> ReplyAsync(string pledgeId, CancellationToken ct)
    {
        var pledge = await store.GetAsync(pledgeId, ct) ?? throw new RpcException(new Status(StatusCode.NotFound, "No such pledge."));
        return new AllocationReply { PledgeId = pledge.Id, Allocated = pledge.Allocated.AmountString, Status = pledge.Status, Version = pledge.Version };
    }
}
