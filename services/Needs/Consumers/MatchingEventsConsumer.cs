using MassTransit;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Persistence;
using Marketplace.Needs.Referrals;

namespace Marketplace.Needs.Consumers;

/// <summary>
/// What matching reports about needs, for the MIRPS Fund referral: a round's needs that hold bilateral
/// proposals and an approval restart their referral clocks; a referred need whose bilateral proposals cover
/// its whole gap has its referral lifted. Idempotent: the clock only moves forward and a lift happens once.
/// </summary>
public sealed class MatchingEventsConsumer(INeedStore store, NeedReferrals referrals) :
    IConsumer<MatchingRoundCompleted>, IConsumer<MatchApproved>
{
    public async Task Consume(ConsumeContext<MatchingRoundCompleted> context)
    {
        var round = context.Message;
        if (round.Needs is not { Count: > 0 } needs) return;
        await store.RecordProposalActivityAsync([.. needs.Select(n => n.NeedId)], round.CompletedAt, context.CancellationToken);
        foreach (var covered in needs.Where(n => n.CoversGap))
        {
            await referrals.LiftAsync(covered.NeedId, context.CancellationToken);
        }
    }

    public Task Consume(ConsumeContext<MatchApproved> context) =>
        store.RecordProposalActivityAsync([context.Message.NeedId], context.Message.DecidedAt, context.CancellationToken);
}
