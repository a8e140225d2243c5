using Grpc.Core;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Needs.Persistence;
using Microsoft.AspNetCore.Authorization;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Grpc;

/// <summary>The internal gRPC API the matching service uses to rebuild its view of needs.</summary>
[Authorize(Policies.InternalService)]
public sealed class NeedsGrpcService(INeedStore store) : NeedsService.NeedsServiceBase
{
    public override async Task StreamNeeds(StreamNeedsRequest request, IServerStreamWriter<Need> responseStream,
        ServerCallContext context)
    {
        await foreach (var need in store.StreamAllAsync(context.CancellationToken))
        {
            var message = new Need
            {
                Id = need.Id,
                Country = need.Fields.Country,
                Sector = need.Fields.Sector,
                Title = need.Fields.Title,
                Priority = need.Fields.Priority,
                Amount = need.Fields.Amount.AmountString,
                Funded = need.Funded.AmountString,
                Currency = need.Fields.Amount.Currency,
                Status = need.Status,
                StartDate = need.Fields.StartDate?.ToString("yyyy-MM-dd") ?? "",
                EndDate = need.Fields.EndDate?.ToString("yyyy-MM-dd") ?? "",
                Version = need.Version,
            };
            message.Instruments.AddRange(need.Fields.Instruments);
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }
}
