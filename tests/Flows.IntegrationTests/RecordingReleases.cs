using System.Collections.Concurrent;
using Grpc.Core;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;

namespace Marketplace.Flows.IntegrationTests;

/// <summary>
/// The needs and pledges services' release calls as the flows service makes them, recorded; while
/// <see cref="Unavailable"/> is set they fail as an unreachable service does. The IATI export's reads
/// (<c>GetNeeds</c>, <c>GetPledges</c>) answer every id: a protection need in the flow's country GT and a grant.
/// </summary>
public sealed class RecordingReleases
{
    public ConcurrentQueue<ReleaseFundingRequest> NeedReleases { get; } = new();

    public ConcurrentQueue<ReleaseAllocationRequest> PledgeReleases { get; } = new();

    public volatile bool Unavailable;

    public NeedsService.NeedsServiceClient Needs => new NeedsClient(this);

    public PledgesService.PledgesServiceClient Pledges => new PledgesClient(this);

    private AsyncUnaryCall<T> Answer<T>(T reply) => Unavailable
        ? Call<T>(Task.FromException<T>(new RpcException(new Status(StatusCode.Unavailable, "down for the test"))))
        : Call(Task.FromResult(reply));

    private static AsyncUnaryCall<T> Call<T>(Task<T> response) =>
        new(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    private sealed class NeedsClient(RecordingReleases owner) : NeedsService.NeedsServiceClient
    {
        public override AsyncUnaryCall<FundingReply> ReleaseFundingAsync(ReleaseFundingRequest request, Metadata? headers = null,
            DateTime? deadline = null, CancellationToken cancellationToken = default)
        {
            if (!owner.Unavailable) owner.NeedReleases.Enqueue(request);
            return owner.Answer(new FundingReply { NeedId = request.NeedId });
        }

        public override AsyncUnaryCall<GetNeedsReply> GetNeedsAsync(GetNeedsRequest request, Metadata? headers = null,
            DateTime? deadline = null, CancellationToken cancellationToken = default)
        {
            var reply = new GetNeedsReply();
            reply.Needs.AddRange(request.Ids.Select(id => new Need
            {
                Id = id, Country = "GT", Sector = "protection", Title = $"Need {id}", Description = "", StartDate = "", EndDate = "",
            }));
            return owner.Answer(reply);
        }
    }

    private sealed class PledgesClient(RecordingReleases owner) : PledgesService.PledgesServiceClient
    {
        public override AsyncUnaryCall<AllocationReply> ReleaseAllocationAsync(ReleaseAllocationRequest request, Metadata? headers = null,
            DateTime? deadline = null, CancellationToken cancellationToken = default)
        {
            if (!owner.Unavailable) owner.PledgeReleases.Enqueue(request);
            return owner.Answer(new AllocationReply { PledgeId = request.PledgeId });
        }

        public override AsyncUnaryCall<GetPledgesReply> GetPledgesAsync(GetPledgesRequest request, Metadata? headers = null,
            DateTime? deadline = null, CancellationToken cancellationToken = default)
        {
            var reply = new GetPledgesReply();
            reply.Pledges.AddRange(request.Ids.Select(id => new Pledge { Id = id, Instrument = "grant" }));
            return owner.Answer(reply);
        }
    }
}
