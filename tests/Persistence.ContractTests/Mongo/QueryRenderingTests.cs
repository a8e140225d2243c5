using Marketplace.Identity.Persistence;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using static Marketplace.Persistence.ContractTests.Support.Rendered;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>
/// The exact BSON of every filter, update, sort and index the MongoDB stores use, rendered by the driver
/// without a server: a wrong element name, type or operator shows up here rather than in production.
/// </summary>
public sealed class QueryRenderingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private const string IsoAt = "ISODate('2026-11-28T10:00:00Z')";

    static QueryRenderingTests() => MongoSerialization.EnsureConfigured();

    [Fact]
    public void NeedQueries_RenderToIndexedFieldsAndIdOrder()
    {
        Equal("{ _id: 'need_1', version: NumberLong(3) }", Filter(MongoNeedStore.AtVersion("need_1", 3)));
        Equal("{ country: 'SV', sector: 'health', status: 'open', seq: { $gt: NumberLong(7) } }",
            Filter(MongoNeedStore.ListFilter(new NeedFilter("SV", "health", "open"), 7)));
        Equal("{ }", Filter(MongoNeedStore.ListFilter(new NeedFilter(null, null, null), null)));
        Equal("{ _id: 1 }", Sort(MongoNeedStore.IdOrder));
        Equal("{ seq: 1 }", Sort(MongoNeedStore.CommitOrder));
        Assert.Equal(["{ \"seq\" : 1 }", "{ \"country\" : 1, \"seq\" : 1 }", "{ \"status\" : 1, \"seq\" : 1 }", "{ \"sector\" : 1, \"seq\" : 1 }"],
            MongoNeedStore.Indexes.Select(i => Keys(i).ToJson()));
    }

    [Fact]
    public void PledgeListFilter_MatchesTheEarmarkOrTheEmptyArray()
    {
        Equal("""
            { $and: [ { donor: 'EU' }, { instrument: 'grant' }, { status: 'open' },
              { $or: [ { countries: 'SV' }, { countries: [] } ] }, { $or: [ { sectors: 'health' }, { sectors: [] } ] },
              { seq: { $gt: NumberLong(7) } } ] }
            """, Filter(MongoPledgeStore.ListFilter(new PledgeFilter("EU", "SV", "health", "grant", "open"), 7)));
        Equal("{ $or: [ { countries: 'SV' }, { countries: [] } ] }", Filter(MongoPledgeStore.ListFilter(new PledgeFilter(null, "SV", null, null, null), null)));
        Equal("{ _id: 'pledge_1', version: NumberLong(2) }", Filter(MongoPledgeStore.AtVersion("pledge_1", 2)));
        Assert.Equal(["{ \"seq\" : 1 }", "{ \"donor\" : 1, \"seq\" : 1 }", "{ \"status\" : 1, \"seq\" : 1 }", "{ \"instrument\" : 1, \"seq\" : 1 }",
            "{ \"countries\" : 1 }", "{ \"sectors\" : 1 }"], MongoPledgeStore.Indexes.Select(i => Keys(i).ToJson()));
    }

    [Fact]
    public void CommitmentLedger_GuardsTheCapacityInTheUpdateFilter()
    {
        var fundings = MongoNeedStore.Fundings;
        Equal("""
            { _id: 'need_1', currency: 'USD', withdrawn: false,
              $expr: { $lte: [ { $add: [ '$fundedMinor', NumberLong(30) ] }, '$amountMinor' ] } }
            """, Filter(fundings.CommitFilter<NeedDocument>("need_1", 30, "USD")));
        Equal($$"""
            [ { $set: { fundedMinor: { $add: [ '$fundedMinor', NumberLong(30) ] }, version: { $add: [ '$version', NumberLong(1) ] }, updatedAt: {{IsoAt}} } },
              { $set: { status: { $cond: [ { $gte: [ '$fundedMinor', '$amountMinor' ] }, 'funded', 'partially-funded' ] } } } ]
            """, Update(fundings.CommitUpdate<NeedDocument>(30, At)));
        Equal($$"""
            [ { $set: { allocatedMinor: { $subtract: [ '$allocatedMinor', NumberLong(30) ] }, version: { $add: [ '$version', NumberLong(1) ] }, updatedAt: {{IsoAt}} } },
              { $set: { status: { $cond: [ '$withdrawn', '$status', { $cond: [ { $lte: [ '$allocatedMinor', NumberLong(0) ] }, 'open', 'partially-allocated' ] } ] } } } ]
            """, Update(MongoPledgeStore.Allocations.ReleaseUpdate<PledgeDocument>(30, At)));
        Equal("{ _id: 'match_1', state: 'committed' }", Filter(MongoLedger.CommittedEntry("match_1")));
        Equal($"{{ $set: {{ state: 'released', amountMinor: NumberLong(250), at: {IsoAt} }} }}", Update(MongoLedger.MarkReleased(250, At)));
    }

    [Fact]
    public void MatchingQueries_RenderConditionalTransitionsAndUpserts()
    {
        Equal("{ _id: 'need_1', version: { $lt: NumberLong(4) } }", Filter(MongoMatchingQueries.OlderNeedView(Samples.NeedView("need_1", 4))));
        Equal("{ _id: 'pledge_1', version: { $lt: NumberLong(5) } }", Filter(MongoMatchingQueries.OlderPledgeView(Samples.PledgeView("pledge_1", 5))));
        Equal("{ _id: 'match_1', status: 'proposed' }", Filter(MongoMatchingQueries.InStatus("match_1", MatchStatus.Proposed)));
        Equal("{ sequence: { $gt: NumberLong(7) } }", Filter(MongoMatchingQueries.NeedViewsChangedAfter(7)));
        Equal("{ sequence: { $gt: NumberLong(7) } }", Filter(MongoMatchingQueries.PledgeViewsChangedAfter(7)));
        Equal("{ _id: 'views' }", Filter(MongoCommitSequence.Named(MongoMatchingQueries.ViewSequence)));
        Equal("{ $inc: { value: NumberLong(1) } }", Update(MongoCommitSequence.Advance(1)));
        Assert.Equal("{ \"sequence\" : 1 }", Keys(MongoMatchingQueries.NeedViewSequenceIndex).ToJson());
        Assert.Equal("{ \"sequence\" : 1 }", Keys(MongoMatchingQueries.PledgeViewSequenceIndex).ToJson());
        Equal("{ status: { $in: ['proposed', 'approved', 'approving', 'compensating'] } }", Filter(MongoMatchingQueries.Open));
        Equal("{ status: 'rejected' }", Filter(MongoMatchingQueries.Rejected));
        Equal($"{{ status: {{ $in: ['approving', 'compensating'] }}, decidedAt: {{ $lt: {IsoAt} }} }}", Filter(MongoMatchingQueries.InFlightSince(At)));
        Equal("{ status: 'approved', needId: 'need_1', pledgeId: 'pledge_1', country: 'SV', donor: 'EU', sector: 'health', instrument: 'grant', seq: { $gt: NumberLong(7) } }",
            Filter(MongoMatchingQueries.ListFilter(new MatchFilter("approved", "need_1", "pledge_1", "SV", "EU", "health", "grant"), new MatchCursor("7", 7))));
        Equal("{ $set: { status: 'superseded', changeSeq: NumberLong(12) }, $inc: { version: NumberLong(1) } }", Update(MongoMatchingQueries.Supersede(12)));
        Equal($"{{ $set: {{ status: 'approving', decidedBy: 'chair-1', decidedAt: {IsoAt}, changeSeq: NumberLong(13) }}, $inc: {{ version: NumberLong(1) }} }}",
            Update(MongoMatchingQueries.Transition(MatchStatus.Approving, "chair-1", At, 13)));
        var rejected = Samples.Match(At, "round_1") with { Status = MatchStatus.Rejected, DecidedBy = "chair-1", DecidedAt = At, Reason = "No" };
        Equal($"{{ $set: {{ status: 'rejected', decidedBy: 'chair-1', decidedAt: {IsoAt}, changeSeq: NumberLong(14), reason: 'No' }}, $inc: {{ version: NumberLong(1) }} }}",
            Update(MongoMatchingQueries.Settle(rejected, 14)));
        Assert.Equal(["{ \"seq\" : 1 }", "{ \"status\" : 1, \"seq\" : 1 }", "{ \"needId\" : 1, \"status\" : 1 }", "{ \"pledgeId\" : 1, \"status\" : 1 }",
            "{ \"country\" : 1, \"seq\" : 1 }", "{ \"donor\" : 1, \"seq\" : 1 }", "{ \"status\" : 1, \"usdCents\" : 1, \"seq\" : 1 }",
            "{ \"status\" : 1, \"score\" : 1, \"seq\" : 1 }", "{ \"changeSeq\" : 1 }"], MongoMatchingQueries.MatchIndexes.Select(i => Keys(i).ToJson()));
        Assert.NotEqual(true, MongoMatchingQueries.MatchIndexes[0].Options.Unique);
        var stored = MatchDocument.From(Samples.Match(At, "round_1")) with { Seq = 9, ChangeSeq = 11 };
        var insert = Update(MongoMatchingQueries.InsertIfAbsent(stored)).AsBsonDocument;
        Assert.Equal(["$setOnInsert"], insert.Names);
        Assert.Equal(9L, insert["$setOnInsert"]["seq"].AsInt64);
        Assert.Equal(11L, insert["$setOnInsert"]["changeSeq"].AsInt64);
        Assert.False(insert["$setOnInsert"].AsBsonDocument.Contains("_id"));
    }

    [Fact]
    public void MatchChangeQueries_ReadWhatWasWrittenAfterTheSequence_ServedByItsIndexes()
    {
        Equal("{ _id: 'match-changes' }", Filter(MongoCommitSequence.Named(MongoMatchingQueries.MatchChangeSequence)));
        Equal("{ changeSeq: { $gt: NumberLong(41) } }", Filter(MongoMatchingQueries.MatchesChangedAfter(41)));
        Equal("{ changeSeq: 1 }", Sort(MongoMatchingQueries.ChangeOrder));
        Equal("{ seq: { $gt: NumberLong(41) } }", Filter(MongoMatchingQueries.ReleasesChangedAfter(41)));
        Assert.Equal("{ \"seq\" : 1 }", Keys(MongoMatchingQueries.ReleaseSequenceIndex).ToJson());
        Assert.Equal("ix_match_releases_seq", MongoMatchingQueries.ReleaseSequenceIndex.Options.Name);
        Assert.Contains(MongoMatchingQueries.MatchIndexes, i => Keys(i).ToJson() == "{ \"changeSeq\" : 1 }" && i.Options.Name == "ix_matches_change_seq");
    }

    [Fact]
    public void MatchListQueries_SortByTheKeyThenSequenceAndResumeStrictlyAfterTheCursor()
    {
        MatchFilter Ordered(string orderBy) => new(MatchStatus.Proposed, null, null, null, null) { Order = MatchOrder.Parse(orderBy)! };
        var last = Samples.Match(At, "round_1") with { Id = "match_9", UsdCents = 12_345, Score = 2.5 };

        Equal("{ seq: 1 }", Sort(MongoMatchingQueries.ListOrder(MatchOrder.Default)));
        Equal("{ seq: -1 }", Sort(MongoMatchingQueries.ListOrder(MatchOrder.Parse("-proposedAt")!)));
        Equal("{ usdCents: 1, seq: 1 }", Sort(MongoMatchingQueries.ListOrder(MatchOrder.Parse("amountUsd")!)));
        Equal("{ score: -1, seq: -1 }", Sort(MongoMatchingQueries.ListOrder(MatchOrder.Parse("-score")!)));

        Equal("{ status: 'proposed', seq: { $gt: NumberLong(9) } }",
            Filter(MongoMatchingQueries.ListFilter(Ordered("proposedAt"), MatchCursor.After(MatchOrder.Default, last, 9))));
        Equal("{ status: 'proposed', seq: { $lt: NumberLong(9) } }",
            Filter(MongoMatchingQueries.ListFilter(Ordered("-proposedAt"), MatchCursor.After(MatchOrder.Parse("-proposedAt")!, last, 9))));
        Equal("{ status: 'proposed', $or: [ { usdCents: { $lt: NumberLong(12345) } }, { usdCents: NumberLong(12345), seq: { $lt: NumberLong(9) } } ] }",
            Filter(MongoMatchingQueries.ListFilter(Ordered("-amountUsd"), MatchCursor.After(MatchOrder.Parse("-amountUsd")!, last, 9))));
        Equal("{ status: 'proposed', $or: [ { score: { $gt: 2.5 } }, { score: 2.5, seq: { $gt: NumberLong(9) } } ] }",
            Filter(MongoMatchingQueries.ListFilter(Ordered("score"), MatchCursor.After(MatchOrder.Parse("score")!, last, 9))));
    }

    [Fact]
    public void SolverLeaseQueries_MatchAnExpiredOrOwnLease()
    {
        Equal($"{{ _id: 'solver', $or: [{{ expiresAt: {{ $lt: {IsoAt} }} }}, {{ owner: 'replica-a' }}] }}",
            Filter(MongoMatchingQueries.SolverLeaseAvailable("replica-a", At)));
        Equal($$"""
            [ { $set: {
                token: { $cond: [ { $eq: [ '$owner', 'replica-a' ] }, '$token', { $add: [ { $ifNull: [ '$token', NumberLong(0) ] }, NumberLong(1) ] } ] },
                owner: 'replica-a', expiresAt: {{IsoAt}} } } ]
            """, Update(MongoMatchingQueries.TakeLease("replica-a", At)));
        Equal("{ _id: 'solver', owner: 'replica-a' }", Filter(MongoMatchingQueries.SolverLeaseHeldBy("replica-a")));
        Equal("{ $set: { owner: '', expiresAt: ISODate('0001-01-01T00:00:00Z') } }", Update(MongoMatchingQueries.FreeLease));
        Equal("{ _id: 'solver', token: NumberLong(4) }", Filter(MongoMatchingQueries.Fenced(4)));
        Equal("{ $inc: { fencedWrites: NumberLong(1) } }", Update(MongoMatchingQueries.CountFencedWrite));
    }

    [Fact]
    public void FxQueries_WriteTheRateAsDecimal128AtTheExpectedVersion()
    {
        var rate = new FxRate("EUR", 1.0912345678901234567m, new DateOnly(2026, 11, 27), "ECB", 2);

        Equal("{ _id: 'EUR', version: NumberLong(1) }", Filter(MongoMatchingQueries.FxAtVersion("EUR", 1)));
        Equal("""
            { $set: { usdPerUnit: NumberDecimal('1.0912345678901234567'), asOf: ISODate('2026-11-27T00:00:00Z'), source: 'ECB', version: NumberLong(2) } }
            """, Update(MongoMatchingQueries.PutFx(rate)));
        Equal("""
            { $setOnInsert: { usdPerUnit: NumberDecimal('1.0912345678901234567'), asOf: ISODate('2026-11-27T00:00:00Z'), source: 'ECB', version: NumberLong(2) } }
            """, Update(MongoMatchingQueries.SeedFx(rate)));
    }

    [Fact]
    public void OutboxQueries_ClaimWithALeaseAndReadInCreationOrder()
    {
        Equal("{ publishedAt: null }", Filter(MongoOutbox.Pending));
        Equal($"{{ publishedAt: null, $or: [ {{ leaseUntil: null }}, {{ leaseUntil: {{ $lt: {IsoAt} }} }} ] }}", Filter(MongoOutbox.Claimable(At)));
        Equal($"{{ $set: {{ leaseOwner: 'relay-1', leaseUntil: {IsoAt} }} }}", Update(MongoOutbox.Lease("relay-1", At)));
        Equal($"{{ $set: {{ publishedAt: {IsoAt} }}, $unset: {{ leaseOwner: 1, leaseUntil: 1 }} }}", Update(MongoOutbox.Published(At)));
        Equal("{ seq: 1 }", Sort(MongoOutbox.CreationOrder));
        Assert.Equal(["{ \"publishedAt\" : 1, \"seq\" : 1 }"], MongoOutbox.Indexes.Select(i => Keys(i).ToJson()));
        Equal("{ _id: { $in: [ UUID('0193a1b2-c3d4-7e5f-8071-8293a4b5c6d7') ] }, publishedAt: null }",
            Filter(MongoOutbox.Unpublished([Guid.Parse("0193a1b2-c3d4-7e5f-8071-8293a4b5c6d7")])));
        Equal("{ $unset: { leaseOwner: 1, leaseUntil: 1 } }", Update(MongoOutbox.Unleased));
        Equal("{ _id: 'outbox' }", Filter(MongoCommitSequence.Named(MongoOutbox.SequenceName)));
        Equal("{ $inc: { value: NumberLong(3) } }", Update(MongoCommitSequence.Advance(3)));
    }

    [Fact]
    public void AuditAndClientQueries_RenderToTheirIndexes()
    {
        Equal("{ entityId: 'need_1' }", Filter(MongoAuditTrail.OfEntity("need_1")));
        Equal("{ at: 1, _id: 1 }", Sort(MongoAuditTrail.WrittenOrder));
        Assert.Equal(["{ \"entityId\" : 1, \"at\" : 1, \"_id\" : 1 }"], MongoAuditTrail.Indexes.Select(i => Keys(i).ToJson()));
        Equal("{ _id: 'state-sv' }", Filter(MongoClientStore.ById("state-sv")));
        Equal("{ _id: { $nin: ['a', 'b'] } }", Filter(MongoClientStore.NoneOf(["a", "b"])));
    }

    [Fact]
    public void PeopleAndSignInQueries_RenderToTheirIndexes()
    {
        Equal("{ _id: 'person_1', concurrencyStamp: 'c-1' }", Filter(MongoPersonStore.ByIdAndStamp("person_1", "c-1")));
        Equal("{ org: 'GT', seq: { $gt: NumberLong(7) } }", Filter(MongoPersonStore.Page("GT", 7)));
        Equal("{ }", Filter(MongoPersonStore.Page(null, null)));
        Assert.Equal(["{ \"normalizedEmail\" : 1 }", "{ \"invitation\" : 1 }", "{ \"seq\" : 1 }", "{ \"org\" : 1, \"seq\" : 1 }"],
            MongoPersonStore.Indexes.Select(i => Keys(i).ToJson()));
        Assert.All(MongoPersonStore.Indexes.Take(2), i => Assert.True(i.Options.Unique));
        Assert.True(MongoPersonStore.Indexes[1].Options.Sparse);
        Equal("{ _id: 'tkn_1', signInId: 'signin_1', redeemedAt: null }", Filter(MongoSignInStore.Unredeemed("signin_1", "tkn_1")));
        Equal("{ personId: 'person_1', revokedAt: null }", Filter(MongoSignInStore.ActiveOf("person_1")));
    }
}
