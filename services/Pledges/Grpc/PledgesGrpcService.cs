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
    public override async Task StreamPledges(StreamPledgesRequest request, IServerStreamWriter<Pledge> responseStream,
        ServerCallContext context)
    {
        await foreach (var pledge in store.StreamAllAsync(context.CancellationToken))
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
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    public override async Task<AllocationReply> ReserveAllocation(ReserveAllocationRequest request, ServerCallContext context)
    {
        if (!Currencies.TryGet(request.Currency, out _) || Money.TryParse(request.Amount, request.Currency, out _) is not { } amount)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "amount and currency must be a positive amount in an accepted currency."));
        }
        var result = await store.ReserveAllocationAsync(request.MatchId, request.PledgeId, amount,
            new Caller(request.Actor, "", request.ActorOrg), context.CancellationToken);
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
        var result = await store.ReleaseAllocationAsync(request.MatchId, request.PledgeId, keep, new Caller(request.Actor, "", request.ActorOrg),
            context.CancellationToken);
        CommitmentStatus.ThrowIfRefused(result, "pledge");
        return await ReplyAsync(request.PledgeId, context.CancellationToken);
    }

    private async Task<AllocationReply> ReplyAsync(string pledgeId, CancellationToken ct)
    {
        var pledge = await store.GetAsync(pledgeId, ct) ?? throw new RpcException(new Status(StatusCode.NotFound, "No such pledge."));
        return new AllocationReply { PledgeId = pledge.Id, Allocated = pledge.Allocated.AmountString, Status = pledge.Status, Version = pledge.Version };
    }
}
