using Grpc.Core;
using Marketplace.Matching.Consumers;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;

namespace Marketplace.Matching.Grpc;

/// <summary>
/// At start-up, rebuilds the need and pledge views from their owning services over gRPC streams, so
/// that a fresh or restored matching store catches up with events it never saw. Retries with back-off
/// until both services answer; version checks make it safe to run beside the event consumers.
/// </summary>
public sealed class ViewRebuilder(
    NeedsService.NeedsServiceClient needs, PledgesService.PledgesServiceClient pledges, IMatchingStore store,
    MatchingScheduler scheduler, ILogger<ViewRebuilder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (needCount, pledgeCount) = await RebuildAsync(stoppingToken);
                logger.LogInformation("Rebuilt views over gRPC: {Needs} needs, {Pledges} pledges", needCount, pledgeCount);
                scheduler.RequestRound();
                return;
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("View rebuild over gRPC failed ({Message}); retrying in {Delay}", ex.Message, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task<(int Needs, int Pledges)> RebuildAsync(CancellationToken ct)
    {
        var needCount = 0;
        using (var call = needs.StreamNeeds(new StreamNeedsRequest(), cancellationToken: ct))
        {
            await foreach (var need in call.ResponseStream.ReadAllAsync(ct))
            {
                await store.UpsertNeedAsync(ViewMapper.From(need), ct);
                needCount++;
            }
        }
        var pledgeCount = 0;
        using (var call = pledges.StreamPledges(new StreamPledgesRequest(), cancellationToken: ct))
        {
            await foreach (var pledge in call.ResponseStream.ReadAllAsync(ct))
            {
                await store.UpsertPledgeAsync(ViewMapper.From(pledge), ct);
                pledgeCount++;
            }
        }
        return (needCount, pledgeCount);
    }
}
