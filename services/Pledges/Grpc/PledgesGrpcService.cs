using Grpc.Core;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.AspNetCore.Authorization;

namespace Marketplace.Pledges.Grpc;

/// <summary>The internal gRPC API the matching service uses to rebuild its view of pledges.</summary>
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
}
