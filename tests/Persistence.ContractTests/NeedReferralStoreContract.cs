using System.Text.Json.Nodes;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Audit;

namespace Marketplace.Persistence.ContractTests;

/// <summary>The MIRPS Fund referral in every <see cref="INeedStore"/>: the stored referral, the proposal clock and the conditional referral.</summary>
public abstract class NeedReferralStoreContract : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static NeedChange Change(Need need, string action) =>
        new(need, new NeedReferred(need.ToSnapshot()), new AuditEntry(need.UpdatedAt, "system", "test", "", action, need.Id, new JsonObject()));

    private static NeedReferral Referral(DateTimeOffset at, string reason = "No bilateral pledge fits.") => new(at, reason, NeedReferral.System);

    private async Task<(INeedStore Store, Need Need)> InsertedAsync(DateTimeOffset createdAt, bool withdrawn = false)
    {
        var (store, _) = await Backend.CreateNeedsAsync();
        var need = Samples.Need(createdAt, withdrawn: withdrawn);
        await store.InsertAsync(Change(need, "need.created"), None);
        return (store, need);
    }

    [ContractFact]
    public async Task Replace_WithAReferral_ReadsItBack_AndAWithdrawalTakesItOutOfForce()
    {
        var (store, need) = await InsertedAsync(Now);
        var referred = ReferralRules.Refer(need, Referral(Now.AddDays(1)), Now.AddDays(1));

        Assert.True(await store.ReplaceAsync(Change(referred, "need.referred"), need.Version, None));
        var stored = (await store.GetAsync(need.Id, None))!;
        Assert.Equal(referred.Referral, stored.Referral);
        Assert.Equal(2, stored.Version);
        var withdrawn = stored with { Withdrawn = true, Version = 3 };
        Assert.True(await store.ReplaceAsync(Change(withdrawn, "need.withdrawn"), 2, None));
        Assert.Null((await store.GetAsync(need.Id, None))!.ActiveReferral);
    }

    [ContractFact]
    public async Task ListDue_AndReferIfDue_CountFromPublicationOrTheLastProposal()
    {
        var (store, need) = await InsertedAsync(Now);
        var cutoff = Now.AddDays(1);

        Assert.Contains(await store.ListDueForReferralAsync(cutoff, 100, None), n => n.Id == need.Id);
        await store.RecordProposalActivityAsync([need.Id], Now.AddDays(2), None);
        await store.RecordProposalActivityAsync([need.Id], Now.AddDays(1), None);

        Assert.Equal(Now.AddDays(2), (await store.GetAsync(need.Id, None))!.LastProposalAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(await store.ListDueForReferralAsync(cutoff, 100, None), n => n.Id == need.Id);
        var referred = ReferralRules.Refer(need, Referral(Now.AddDays(3)), Now.AddDays(3));
        Assert.False(await store.ReferIfDueAsync(Change(referred, "need.referred"), need.Version, cutoff, None));
        Assert.True(await store.ReferIfDueAsync(Change(referred, "need.referred"), need.Version, Now.AddDays(2), None));
        Assert.DoesNotContain(await store.ListDueForReferralAsync(Now.AddDays(40), 100, None), n => n.Id == need.Id);
        Assert.Single(await store.ListAuditAsync(need.Id, None), e => e.Action == "need.referred");
    }

    [ContractFact]
    public async Task ReferIfDue_ASecondReplicaWithTheSameRead_WritesNothing()
    {
        var (store, need) = await InsertedAsync(Now);
        var first = ReferralRules.Refer(need, Referral(Now.AddDays(31), "first"), Now.AddDays(31));
        var second = ReferralRules.Refer(need, Referral(Now.AddDays(31), "second"), Now.AddDays(31));

        var results = new[]
        {
            await store.ReferIfDueAsync(Change(first, "need.referred"), need.Version, Now.AddDays(1), None),
            await store.ReferIfDueAsync(Change(second, "need.referred"), need.Version, Now.AddDays(1), None),
        };

        Assert.Equal([true, false], results);
        Assert.Equal("first", (await store.GetAsync(need.Id, None))!.Referral!.Reason);
        Assert.Single(await store.ListAuditAsync(need.Id, None), e => e.Action == "need.referred");
    }

    [ContractFact]
    public async Task Replace_AfterAProposalReport_KeepsTheReport()
    {
        var (store, need) = await InsertedAsync(Now);
        await store.RecordProposalActivityAsync([need.Id], Now.AddDays(5), None);

        var edited = need with { Fields = need.Fields with { Title = "Edited" }, Version = 2 };
        Assert.True(await store.ReplaceAsync(Change(edited, "need.updated"), 1, None));

        Assert.Equal(Now.AddDays(5), (await store.GetAsync(need.Id, None))!.LastProposalAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [ContractFact]
    public async Task ListDue_LeavesOutWithdrawnNeeds()
    {
        var (store, need) = await InsertedAsync(Now, withdrawn: true);

        Assert.DoesNotContain(await store.ListDueForReferralAsync(Now.AddDays(40), 100, None), n => n.Id == need.Id);
    }
}
