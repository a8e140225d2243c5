using System.Globalization;
using Grpc.Core;
using Marketplace.Contracts;
using Marketplace.Needs.Grpc.V1;
using Marketplace.ServiceKit.Grpc;
using Marketplace.Needs.Persistence;
using Microsoft.AspNetCore.Authorization;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Grpc;

/// <summary>
/// The internal gRPC API of the needs service: the matching service rebuilds its view of needs and
/// commits or releases the funding of approved matches.
/// </summary>
[Authorize(Policies.InternalService)]
public sealed class NeedsGrpcService(INeedStore store) : NeedsService.NeedsServiceBase
{
    /// <summary>The most ids one <c>GetNeeds</c> call reads; a caller with more asks in batches.</summary>
    public const int MaxIds = 500;

    public override async Task StreamNeeds(StreamNeedsRequest request, IServerStreamWriter<Need> responseStream,
        ServerCallContext context)
    {
        await foreach (var need in store.StreamAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Message(need), context.CancellationToken);
        }
    }

    public override async Task<GetNeedsReply> GetNeeds(GetNeedsRequest request, ServerCallContext context)
    {
        if (request.Ids.Count > MaxIds)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxIds} ids per call."));
        var reply = new GetNeedsReply();
        foreach (var id in request.Ids.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(id, context.CancellationToken) is { } need) reply.Needs.Add(Message(need));
        }
        return reply;
    }

    public override async Task<FundingReply> CommitFunding(CommitFundingRequest request, ServerCallContext context)
    {
        if (!Currencies.TryGet(request.Currency, out _) || Money.TryParse(request.Amount, request.Currency, out _) is not { } amount)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "amount and currency must be a positive amount in an accepted currency."));
        }
        var result = await store.CommitFundingAsync(request.MatchId, request.NeedId, amount,
            Caller.Relayed(request.Actor, request.ActorName, request.ActorOrg), context.CancellationToken);
        CommitmentStatus.ThrowIfRefused(result, "need");
        return await ReplyAsync(request.NeedId, context.CancellationToken);
    }

    public override async Task<FundingReply> ReleaseFunding(ReleaseFundingRequest request, ServerCallContext context)
    {
        Money? keep = null;
        if (request.KeepAmount.Length > 0)
        {
            var need = await store.GetAsync(request.NeedId, context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, "No such need."));
            keep = GrpcMoney.OptionalKeep(request.KeepAmount, request.KeepCurrency, need.Fields.Amount.Currency);
        }
        var result = await store.ReleaseFundingAsync(request.MatchId, request.NeedId, keep, Caller.Relayed(request.Actor, request.ActorName, request.ActorOrg),
            context.CancellationToken);
        CommitmentStatus.ThrowIfRefused(result, "need");
        return await ReplyAsync(request.NeedId, context.CancellationToken);
    }

    private static Need Message(Domain.Need need)
    {
        var message = new Need
        {
            Id = need.Id,
            Country = need.Fields.Country,
            Sector = need.Fields.Sector,
            Title = need.Fields.Title,
            Description = need.Fields.Description ?? "",
            Priority = need.Fields.Priority,
            Amount = need.Fields.Amount.AmountString,
            Funded = need.Funded.AmountString,
            Currency = need.Fields.Amount.Currency,
            Status = need.Status,
            StartDate = need.Fields.StartDate?.ToString("yyyy-MM-dd") ?? "",
            EndDate = need.Fields.EndDate?.ToString("yyyy-MM-dd") ?? "",
            Version = need.Version,
            Referred = need.ActiveReferral is not null,
        };
        message.Instruments.AddRange(need.Fields.Instruments);
        return message;
    }

    private async Task<FundingReply> ReplyAsync(string needId, CancellationToken ct)
    {
        var need = await store.GetAsync(needId, ct) ?? throw new RpcException(new Status(StatusCode.NotFound, "No such need."));
        return new FundingReply { NeedId = need.Id, Funded = need.Funded.AmountString, Status = need.Status, Version = need.Version };
    }
}
