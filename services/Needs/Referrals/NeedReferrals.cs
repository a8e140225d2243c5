using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.Needs.Options;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Audit;
using Microsoft.Extensions.Options;

namespace Marketplace.Needs.Referrals;

/// <summary>
/// What the system itself does with referrals to the MIRPS Fund: refers the needs that are due, and lifts a
/// referral when bilateral proposals cover the need's whole gap. Each write is conditional in the store, so
/// replicas doing the same work at once write each change once.
/// </summary>
public sealed class NeedReferrals(INeedStore store, ReferralClock clock, IOptions<ReferralOptions> options, ILogger<NeedReferrals> logger)
{
    private const int Batch = 200;
    private const string SystemName = "MIRPS Fund referral";

    /// <summary>Refers every need that is due now; returns how many this call referred.</summary>
    public async Task<int> ReferDueAsync(CancellationToken ct)
    {
        var referred = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var cutoff = ReferralRules.DueCutoff(now, options.Value.ReferralAfterDays);
            var due = await store.ListDueForReferralAsync(cutoff, Batch, ct);
            var written = 0;
            foreach (var need in due)
            {
                var referral = new NeedReferral(now, ReferralRules.AutomaticReason, NeedReferral.System);
                var after = ReferralRules.Refer(need, referral, now);
                var details = ReferralRules.Details(referral);
                details["since"] = need.ReferralClockStart;
                details["referralAfterDays"] = options.Value.ReferralAfterDays;
                var audit = new AuditEntry(now, NeedReferral.System, SystemName, "", "need.referred", need.Id, details);
                if (await store.ReferIfDueAsync(new NeedChange(after, new NeedReferred(after.ToSnapshot()), audit), need.Version, cutoff, ct))
                {
                    written++;
                }
            }
            referred += written;
            // A full batch that another replica took (or that changed meanwhile) is read again only if this one moved on.
            if (due.Count < Batch || written == 0) break;
        }
        if (referred > 0) logger.LogInformation("Referred {Count} needs to the MIRPS Fund", referred);
        return referred;
    }

    /// <summary>Lifts the need's referral (bilateral proposals cover its whole gap); true when this call lifted it.</summary>
    public async Task<bool> LiftAsync(string needId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var need = await store.GetAsync(needId, ct);
            if (need?.ActiveReferral is not { } referral) return false;
            var now = clock.GetUtcNow();
            var after = need with { Referral = null, UpdatedAt = now, Version = need.Version + 1 };
            var details = new System.Text.Json.Nodes.JsonObject
            {
                ["referral"] = ReferralRules.Details(referral),
                ["reason"] = "Bilateral proposals cover the whole gap.",
            };
            var audit = new AuditEntry(now, NeedReferral.System, SystemName, "", "need.referral-lifted", needId, details);
            if (await store.ReplaceAsync(new NeedChange(after, new NeedReferralLifted(after.ToSnapshot()), audit), need.Version, ct))
            {
                return true;
            }
        }
        throw new InvalidOperationException($"Need {needId} kept changing while its referral was being lifted.");
    }
}
