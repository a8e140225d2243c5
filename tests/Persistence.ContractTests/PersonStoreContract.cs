using Marketplace.ServiceKit.Http;
using Marketplace.Identity.People;
using Marketplace.Identity.Persistence;
using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every Identity <c>IPersonStore</c> and <c>ISignInStore</c> must do, whatever the provider.</summary>
public abstract class PersonStoreContract : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    private Person Sample(string id, string email, string org = "GT") => new()
    {
        Id = id, Email = email, NormalizedEmail = email.ToUpperInvariant(), Name = "Ana Pérez", Org = org, Role = "state", OrgAdmin = true,
        PasswordHash = "AQAAAAIAAYagAAAAE...", SecurityStamp = "stamp-1", ConcurrencyStamp = "c-1", AuthenticatorKey = "JBSWY3DPEHPK3PXP",
        TwoFactorEnabled = true, AccessFailedCount = 2, LockoutEnd = Now.AddMinutes(15), InvitationHash = null, InvitationExpiresAt = null,
        CreatedAt = Now,
    };

    [ContractFact]
    public async Task Create_ThenFind_ByIdEmailAndInvitation_ReturnsEveryField()
    {
        var (people, _) = await Backend.CreatePeopleAsync();
        var person = Sample("person_1", "ana@gt.example");
        var invited = Sample("person_2", "bo@gt.example");
        invited.PasswordHash = null;
        invited.InvitationHash = "hash-of-link";
        invited.InvitationExpiresAt = Now.AddHours(72);

        Assert.True(await people.CreateAsync(person, None));
        Assert.True(await people.CreateAsync(invited, None));

        AssertSame(person, await people.FindByIdAsync("person_1", None));
        AssertSame(person, await people.FindByEmailAsync("ANA@GT.EXAMPLE", None));
        AssertSame(invited, await people.FindByInvitationAsync("hash-of-link", None));
        Assert.Null(await people.FindByIdAsync("person_9", None));
        Assert.Null(await people.FindByInvitationAsync("other", None));
    }

    [ContractFact]
    public async Task Create_EmailTaken_ReturnsFalse()
    {
        var (people, _) = await Backend.CreatePeopleAsync();
        Assert.True(await people.CreateAsync(Sample("person_1", "ana@gt.example"), None));

        Assert.False(await people.CreateAsync(Sample("person_2", "ana@gt.example"), None));
        Assert.Null(await people.FindByIdAsync("person_2", None));
    }

    [ContractFact]
    public async Task Update_ChecksTheConcurrencyStamp_AndClearsAnInvitation()
    {
        var (people, _) = await Backend.CreatePeopleAsync();
        var person = Sample("person_1", "ana@gt.example");
        person.InvitationHash = "link";
        await people.CreateAsync(person, None);

        person.InvitationHash = null;
        person.Active = false;
        person.ConcurrencyStamp = "c-2";
        Assert.True(await people.UpdateAsync(person, "c-1", None));
        person.Name = "Stale";
        person.ConcurrencyStamp = "c-3";
        Assert.False(await people.UpdateAsync(person, "c-1", None));

        var stored = await people.FindByIdAsync("person_1", None);
        Assert.False(stored!.Active);
        Assert.Equal("Ana Pérez", stored.Name);
        Assert.Equal("c-2", stored.ConcurrencyStamp);
        Assert.Null(await people.FindByInvitationAsync("link", None));
    }

    [ContractFact]
    public async Task List_FiltersByOrgAndPagesInIdOrder_DeleteRemoves()
    {
        var (people, _) = await Backend.CreatePeopleAsync();
        foreach (var (id, org) in new[] { ("person_3", "GT"), ("person_1", "GT"), ("person_2", "CR"), ("person_4", "GT") })
        {
            await people.CreateAsync(Sample(id, $"{id}@example.org", org), None);
        }

        var first = await people.ListAsync("GT", null, 2, None);
        Assert.Equal(["person_3", "person_1"], first.Items.Select(p => p.Id));
        Assert.True(PageToken.TryDecode(first.NextPageToken!, out var after));
        var second = await people.ListAsync("GT", after, 2, None);
        Assert.Equal(["person_4"], second.Items.Select(p => p.Id));
        Assert.Null(second.NextPageToken);
        Assert.Equal(["person_3", "person_1", "person_2", "person_4"], (await people.ListAsync(null, null, 10, None)).Items.Select(p => p.Id));
        Assert.True(await people.DeleteAsync("person_2", None));
        Assert.False(await people.DeleteAsync("person_2", None));
        Assert.Null(await people.FindByIdAsync("person_2", None));
    }

    [ContractFact]
    public async Task List_AfterTheLastPersonWasDeleted_StillReachesPeopleCreatedLater()
    {
        var (people, _) = await Backend.CreatePeopleAsync();
        await people.CreateAsync(Sample("person_1", "person_1@example.org", "GT"), None);
        await people.CreateAsync(Sample("person_2", "person_2@example.org", "GT"), None);
        var page = await people.ListAsync("GT", null, 1, None);
        Assert.True(PageToken.TryDecode(page.NextPageToken!, out var after));

        // The number of a deleted person is never handed out again: a cursor past it would skip its successor.
        Assert.True(await people.DeleteAsync("person_2", None));
        await people.CreateAsync(Sample("person_3", "person_3@example.org", "GT"), None);

        Assert.Equal(["person_3"], (await people.ListAsync("GT", after, 10, None)).Items.Select(p => p.Id));
    }

    [ContractFact]
    public async Task Redeem_EachTokenOnce_LeewayThenReuseRevokesTheSignIn()
    {
        var (_, signIns) = await Backend.CreatePeopleAsync();
        var leeway = TimeSpan.FromSeconds(5);
        await signIns.StartAsync("signin_1", "person_1", "code", Now, None);

        Assert.Equal(RedeemOutcome.Redeemed, await signIns.RedeemAsync("signin_1", "code", "rt1", Now, TimeSpan.Zero, None));
        Assert.Equal(RedeemOutcome.Redeemed, await signIns.RedeemAsync("signin_1", "rt1", "rt2", Now, leeway, None));
        Assert.Equal(RedeemOutcome.RedeemedWithinLeeway, await signIns.RedeemAsync("signin_1", "rt1", "rt2b", Now.AddSeconds(5), leeway, None));
        Assert.Equal(RedeemOutcome.Redeemed, await signIns.RedeemAsync("signin_1", "rt2b", "rt3", Now.AddSeconds(5), leeway, None));
        Assert.Equal(RedeemOutcome.ReuseDetected, await signIns.RedeemAsync("signin_1", "rt1", "rt9", Now.AddSeconds(6), leeway, None));

        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_1", "rt3", "rt4", Now.AddSeconds(7), leeway, None));
        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_1", "rt2", "rt5", Now.AddSeconds(7), leeway, None));
        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_1", "unknown", "rt6", Now, leeway, None));
        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_9", "code", "rt7", Now, leeway, None));
    }

    [ContractFact]
    public async Task Revoke_OneSignInOrEveryOneOfAPerson()
    {
        var (_, signIns) = await Backend.CreatePeopleAsync();
        await signIns.StartAsync("signin_1", "person_1", "a", Now, None);
        await signIns.StartAsync("signin_2", "person_1", "b", Now, None);
        await signIns.StartAsync("signin_3", "person_2", "c", Now, None);
        await signIns.StartAsync("signin_4", "person_2", "d", Now, None);

        await signIns.RevokeAllAsync("person_1", Now, None);
        await signIns.RevokeAsync("signin_3", Now, None);

        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_1", "a", "x1", Now, TimeSpan.Zero, None));
        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_2", "b", "x2", Now, TimeSpan.Zero, None));
        Assert.Equal(RedeemOutcome.Revoked, await signIns.RedeemAsync("signin_3", "c", "x3", Now, TimeSpan.Zero, None));
        Assert.Equal(RedeemOutcome.Redeemed, await signIns.RedeemAsync("signin_4", "d", "x4", Now, TimeSpan.Zero, None));
    }

    private static void AssertSame(Person expected, Person? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));
    }
}
