using System.Linq.Expressions;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// The filters, updates and indexes of <see cref="MongoMatchingStore"/>, public so that tests can check
/// how they render. Every query the store runs is served by <c>_id</c> or by one of these indexes.
/// </summary>
public static class MongoMatchingQueries
{
    public const string NeedViewsCollection = "need_views";
    public const string PledgeViewsCollection = "pledge_views";
    public const string MatchesCollection = "matches";
    public const string FxRatesCollection = "fx_rates";
    public const string RoundsCollection = "rounds";
    public const string LeasesCollection = "leases";
    public const string MatchReleasesCollection = "match_releases";
    public const string SolverLease = "solver";
    /// <summary>The commit sequence every need and pledge view write takes its number from (<see cref="MongoCommitSequence"/>).</summary>
    public const string ViewSequence = "views";

    public static FilterDefinition<NeedViewDocument> NeedViewsChangedAfter(long sequence) =>
        Builders<NeedViewDocument>.Filter.Gt(d => d.Sequence, sequence);

    public static FilterDefinition<PledgeViewDocument> PledgeViewsChangedAfter(long sequence) =>
        Builders<PledgeViewDocument>.Filter.Gt(d => d.Sequence, sequence);

    public static readonly CreateIndexModel<NeedViewDocument> NeedViewSequenceIndex =
        new(Builders<NeedViewDocument>.IndexKeys.Ascending(d => d.Sequence), new CreateIndexOptions { Name = "ix_need_views_sequence" });

    public static readonly CreateIndexModel<PledgeViewDocument> PledgeViewSequenceIndex =
        new(Builders<PledgeViewDocument>.IndexKeys.Ascending(d => d.Sequence), new CreateIndexOptions { Name = "ix_pledge_views_sequence" });

    /// <summary>The sequence that numbers matches in commit order (the list order and its cursors).</summary>
    public const string MatchSequence = "matches";

    /// <summary>
    /// The commit sequence every write transaction of matches or releases takes one number from (<see cref="MongoCommitSequence"/>):
    /// each match it writes gets it as <c>changeSeq</c>, each release as <c>seq</c>.
    /// </summary>
    public const string MatchChangeSequence = "match-changes";

    /// <summary>The matches written after <paramref name="sequence"/> of the match change sequence, whatever their status.</summary>
    public static FilterDefinition<MatchDocument> MatchesChangedAfter(long sequence) => Builders<MatchDocument>.Filter.Gt(d => d.ChangeSeq, sequence);

    public static FilterDefinition<MatchReleaseDocument> ReleasesChangedAfter(long sequence) =>
        Builders<MatchReleaseDocument>.Filter.Gt(d => d.Seq, sequence);

    public static SortDefinition<MatchDocument> ChangeOrder => Builders<MatchDocument>.Sort.Ascending(d => d.ChangeSeq);

    public static readonly CreateIndexModel<MatchReleaseDocument> ReleaseSequenceIndex =
        new(Builders<MatchReleaseDocument>.IndexKeys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_match_releases_seq" });

    /// <summary>The solver lease, when it is free (expired) or already ours.</summary>
    public static FilterDefinition<LeaseDocument> SolverLeaseAvailable(string owner, DateTimeOffset now) =>
        Builders<LeaseDocument>.Filter.Eq(d => d.Id, SolverLease)
        & (Builders<LeaseDocument>.Filter.Lt(d => d.ExpiresAt, now.UtcDateTime) | Builders<LeaseDocument>.Filter.Eq(d => d.Owner, owner));

    /// <summary>
    /// Takes the lease in one atomic pipeline update: the token stays when the owner renews and goes up by
    /// one when the lease changes hands (on the upsert's empty document, the first token is 1).
    /// </summary>
    public static UpdateDefinition<LeaseDocument> TakeLease(string owner, DateTimeOffset until) =>
        new PipelineUpdateDefinition<LeaseDocument>(new BsonDocumentStagePipelineDefinition<LeaseDocument, LeaseDocument>(
        [
            new BsonDocument("$set", new BsonDocument
            {
                { "token", new BsonDocument("$cond", new BsonArray
                    {
                        new BsonDocument("$eq", new BsonArray { "$owner", owner }), "$token",
                        new BsonDocument("$add", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$token", 0L }), 1L }),
                    }) },
                { "owner", owner },
                { "expiresAt", new BsonDateTime(until.UtcDateTime) },
            }),
        ]));

    public static FilterDefinition<LeaseDocument> SolverLeaseHeldBy(string owner) =>
        Builders<LeaseDocument>.Filter.Eq(d => d.Id, SolverLease) & Builders<LeaseDocument>.Filter.Eq(d => d.Owner, owner);

    /// <summary>Frees the lease and keeps its token, so that the next holder's token is higher.</summary>
    public static UpdateDefinition<LeaseDocument> FreeLease =>
        Builders<LeaseDocument>.Update.Set(d => d.Owner, "").Set(d => d.ExpiresAt, DateTime.MinValue.ToUniversalTime());

    /// <summary>The solver lease while <paramref name="token"/> is still its token.</summary>
    public static FilterDefinition<LeaseDocument> Fenced(long token) =>
        Builders<LeaseDocument>.Filter.Eq(d => d.Id, SolverLease) & Builders<LeaseDocument>.Filter.Eq(d => d.Token, token);

    /// <summary>A real write on the lease document, so that a round write and a takeover cannot both commit.</summary>
    public static UpdateDefinition<LeaseDocument> CountFencedWrite => Builders<LeaseDocument>.Update.Inc(d => d.FencedWrites, 1L);

    /// <summary>What a round reads as open: proposals and approvals, including the in-flight approval states.</summary>
    public static readonly string[] InFlightStatuses = [MatchStatus.Approving, MatchStatus.Compensating];

    private static readonly FilterDefinitionBuilder<MatchDocument> Match = Builders<MatchDocument>.Filter;
    private static readonly IndexKeysDefinitionBuilder<MatchDocument> Keys = Builders<MatchDocument>.IndexKeys;

    static MongoMatchingQueries() => MongoSerialization.EnsureConfigured();

    public static readonly IReadOnlyList<CreateIndexModel<MatchDocument>> MatchIndexes =
    [
        new(Keys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_seq" }),
        new(Keys.Ascending(d => d.Status).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_status" }),
        new(Keys.Ascending(d => d.NeedId).Ascending(d => d.Status), new CreateIndexOptions { Name = "ix_matches_need" }),
        new(Keys.Ascending(d => d.PledgeId).Ascending(d => d.Status), new CreateIndexOptions { Name = "ix_matches_pledge" }),
        new(Keys.Ascending(d => d.Country).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_country" }),
        new(Keys.Ascending(d => d.Donor).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_donor" }),
        new(Keys.Ascending(d => d.Status).Ascending(d => d.UsdCents).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_status_usd" }),
        new(Keys.Ascending(d => d.Status).Ascending(d => d.Score).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_matches_status_score" }),
        new(Keys.Ascending(d => d.ChangeSeq), new CreateIndexOptions { Name = "ix_matches_change_seq" }),
    ];

    /// <summary>Matches an existing view only when the incoming one is newer; otherwise the upsert's insert collides on <c>_id</c>.</summary>
    public static FilterDefinition<NeedViewDocument> OlderNeedView(NeedView n) =>
        Builders<NeedViewDocument>.Filter.Eq(d => d.Id, n.Id) & Builders<NeedViewDocument>.Filter.Lt(d => d.Version, n.Version);

    public static FilterDefinition<PledgeViewDocument> OlderPledgeView(PledgeView p) =>
        Builders<PledgeViewDocument>.Filter.Eq(d => d.Id, p.Id) & Builders<PledgeViewDocument>.Filter.Lt(d => d.Version, p.Version);

    public static FilterDefinition<MatchDocument> ById(string id) => Match.Eq(d => d.Id, id);

    public static FilterDefinition<MatchDocument> InStatus(string id, string status) => ById(id) & Match.Eq(d => d.Status, status);

    public static FilterDefinition<MatchDocument> Open => Match.In(d => d.Status, MatchStatus.Open);

    public static FilterDefinition<MatchDocument> Rejected => Match.Eq(d => d.Status, MatchStatus.Rejected);

    public static FilterDefinition<MatchDocument> InFlightSince(DateTimeOffset claimedBefore) =>
        Match.In(d => d.Status, InFlightStatuses) & Match.Lt(d => d.DecidedAt, claimedBefore);

    public static FilterDefinition<MatchDocument> ListFilter(MatchFilter f, MatchCursor? after)
    {
        var filter = Match.Empty;
        if (f.Status is not null) filter &= Match.Eq(d => d.Status, f.Status);
        if (f.NeedId is not null) filter &= Match.Eq(d => d.NeedId, f.NeedId);
        if (f.PledgeId is not null) filter &= Match.Eq(d => d.PledgeId, f.PledgeId);
        if (f.Country is not null) filter &= Match.Eq(d => d.Country, f.Country);
        if (f.Donor is not null) filter &= Match.Eq(d => d.Donor, f.Donor);
        if (f.Sector is not null) filter &= Match.Eq(d => d.Sector, f.Sector);
        if (f.Instrument is not null) filter &= Match.Eq(d => d.Instrument, f.Instrument);
        if (after is not null) filter &= After(f.Order, after);
        return filter;
    }

    /// <summary>Strictly beyond the cursor in the list's order: a later key, or the same key and a later sequence number.</summary>
    private static FilterDefinition<MatchDocument> After(MatchOrder order, MatchCursor after) => order.Key switch
    {
        MatchSortKey.ProposedAt => order.Descending ? Match.Lt(d => d.Seq, after.Seq) : Match.Gt(d => d.Seq, after.Seq),
        MatchSortKey.AmountUsd => Beyond(d => d.UsdCents, MatchOrder.AmountUsdOf(after.Key), after.Seq, order.Descending),
        _ => Beyond(d => d.Score, MatchOrder.ScoreOf(after.Key), after.Seq, order.Descending),
    };

    private static FilterDefinition<MatchDocument> Beyond<TKey>(Expression<Func<MatchDocument, TKey>> field, TKey key, long seq, bool descending) =>
        descending
            ? Match.Lt(field, key) | (Match.Eq(field, key) & Match.Lt(d => d.Seq, seq))
            : Match.Gt(field, key) | (Match.Eq(field, key) & Match.Gt(d => d.Seq, seq));

    public static SortDefinition<MatchDocument> IdOrder => Builders<MatchDocument>.Sort.Ascending(d => d.Id);

    /// <summary>Inserts the match unless its id is stored already (a chunk written again adds nothing and changes nothing).</summary>
    public static UpdateDefinition<MatchDocument> InsertIfAbsent(MatchDocument match)
    {
        var fields = match.ToBsonDocument();
        fields.Remove("_id");
        return new BsonDocumentUpdateDefinition<MatchDocument>(new BsonDocument("$setOnInsert", fields));
    }

    /// <summary>
    /// The list's order: commit order for <c>proposedAt</c>, otherwise the sort key then the sequence number, both in the
    /// order's direction (served by the <c>seq</c> and status-prefixed indexes, read backwards when descending).
    /// </summary>
    public static SortDefinition<MatchDocument> ListOrder(MatchOrder order)
    {
        var sort = Builders<MatchDocument>.Sort;
        Expression<Func<MatchDocument, object>>? field = order.Key switch
        {
            MatchSortKey.AmountUsd => d => d.UsdCents,
            MatchSortKey.Score => d => d.Score,
            _ => null,
        };
        if (field is null) return order.Descending ? sort.Descending(d => d.Seq) : sort.Ascending(d => d.Seq);
        return order.Descending
            ? sort.Combine(sort.Descending(field), sort.Descending(d => d.Seq))
            : sort.Combine(sort.Ascending(field), sort.Ascending(d => d.Seq));
    }

    // Every update of a match stamps the match change sequence number its transaction took.

    public static UpdateDefinition<MatchDocument> Supersede(long changeSeq) =>
        Builders<MatchDocument>.Update.Set(d => d.Status, MatchStatus.Superseded).Inc(d => d.Version, 1L).Set(d => d.ChangeSeq, changeSeq);

    public static UpdateDefinition<MatchDocument> Transition(string to, string? decidedBy, DateTimeOffset? decidedAt, long changeSeq) =>
        Builders<MatchDocument>.Update.Set(d => d.Status, to).Set(d => d.DecidedBy, decidedBy).Set(d => d.DecidedAt, decidedAt)
            .Inc(d => d.Version, 1L).Set(d => d.ChangeSeq, changeSeq);

    public static UpdateDefinition<MatchDocument> Settle(Match decided, long changeSeq) =>
        Transition(decided.Status, decided.DecidedBy, decided.DecidedAt, changeSeq).Set(d => d.Reason, decided.Reason);

    public static FilterDefinition<FxRateDocument> FxAtVersion(string currency, long version) =>
        Builders<FxRateDocument>.Filter.Eq(d => d.Id, currency) & Builders<FxRateDocument>.Filter.Eq(d => d.Version, version);

    public static UpdateDefinition<FxRateDocument> PutFx(FxRate rate) => Builders<FxRateDocument>.Update
        .Set(d => d.UsdPerUnit, rate.UsdPerUnit).Set(d => d.AsOf, rate.AsOf).Set(d => d.Source, rate.Source).Set(d => d.Version, rate.Version);

    /// <summary>The shipped default, written only where no rate exists yet (a rate the secretariat set is kept).</summary>
    public static UpdateDefinition<FxRateDocument> SeedFx(FxRate rate) => Builders<FxRateDocument>.Update
        .SetOnInsert(d => d.UsdPerUnit, rate.UsdPerUnit).SetOnInsert(d => d.AsOf, rate.AsOf).SetOnInsert(d => d.Source, rate.Source)
        .SetOnInsert(d => d.Version, rate.Version);
}
