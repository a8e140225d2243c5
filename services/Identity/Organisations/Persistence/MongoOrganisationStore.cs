using System.Globalization;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Identity.Organisations.Persistence;

/// <summary>
/// The registry in MongoDB: collections <c>organisations</c> and <c>chair</c>. Every change and its audit
/// entry are written in one transaction; seeding is an idempotent bulk upsert (<c>$setOnInsert</c>), so
/// replicas starting together converge and never overwrite an identifier the secretariat changed.
/// </summary>
public sealed class MongoOrganisationStore(MongoStorage storage, MongoAuditTrail audit) : IOrganisationStore
{
    public const string OrganisationsCollection = "organisations";
    public const string ChairCollection = "chair";

    private readonly IMongoCollection<OrganisationDocument> _organisations = storage.Collection<OrganisationDocument>(OrganisationsCollection);
    private readonly IMongoCollection<ChairTermDocument> _chair = storage.Collection<ChairTermDocument>(ChairCollection);

    public static FilterDefinition<OrganisationDocument> ByCode(string code) => Builders<OrganisationDocument>.Filter.Eq(d => d.Code, code);

    public static FilterDefinition<ChairTermDocument> CurrentTerm => Builders<ChairTermDocument>.Filter.Eq(d => d.Id, ChairTermDocument.CurrentId);

    public static SortDefinition<OrganisationDocument> ByCodeOrder => Builders<OrganisationDocument>.Sort.Ascending(d => d.Code);

    public static UpdateDefinition<OrganisationDocument> InsertOnly(Organisation o) => Builders<OrganisationDocument>.Update
        .SetOnInsert(d => d.Kind, o.Kind).SetOnInsert(d => d.NameEs, o.NameEs).SetOnInsert(d => d.NameEn, o.NameEn)
        .SetOnInsert(d => d.IatiRef, o.Iati.Ref).SetOnInsert(d => d.IatiType, o.Iati.Type);

    public static UpdateDefinition<OrganisationDocument> SetIati(IatiIdentifier iati) =>
        Builders<OrganisationDocument>.Update.Set(d => d.IatiRef, iati.Ref).Set(d => d.IatiType, iati.Type);

    public static OrganisationDocument ToDocument(Organisation o) => new(o.Code, o.Kind, o.NameEs, o.NameEn, o.Iati.Ref, o.Iati.Type);

    public static Organisation FromDocument(OrganisationDocument d) => new(d.Code, d.Kind, d.NameEs, d.NameEn, new(d.IatiRef, d.IatiType));

    public static ChairTermDocument ToDocument(ChairTerm t) => new(ChairTermDocument.CurrentId, t.Org, Format(t.From), t.Until is { } u ? Format(u) : null);

    public static ChairTerm FromDocument(ChairTermDocument d) => new(d.Org, Parse(d.From), d.Until is null ? null : Parse(d.Until));

    public Task InitializeAsync(CancellationToken ct) => audit.CreateIndexesAsync(ct);

    public async Task<IReadOnlyList<Organisation>> ListAsync(CancellationToken ct) =>
        [.. (await _organisations.Find(FilterDefinition<OrganisationDocument>.Empty).Sort(ByCodeOrder).ToListAsync(ct)).Select(FromDocument)];

    public async Task<Organisation?> GetAsync(string code, CancellationToken ct) =>
        await _organisations.Find(ByCode(code)).FirstOrDefaultAsync(ct) is { } d ? FromDocument(d) : null;

    public async Task<int> AddMissingAsync(IReadOnlyList<Organisation> organisations, CancellationToken ct)
    {
        if (organisations.Count == 0) return 0;
        var upserts = organisations.Select(o => new UpdateOneModel<OrganisationDocument>(ByCode(o.Code), InsertOnly(o)) { IsUpsert = true });
        var result = await _organisations.BulkWriteAsync(upserts, new BulkWriteOptions { IsOrdered = false }, ct);
        return result.Upserts.Count;
    }

    public Task<Organisation?> SetIatiAsync(string code, IatiIdentifier iati, AuditEntry entry, CancellationToken ct) =>
        storage.InTransactionAsync<Organisation?>(async (session, token) =>
        {
            var changed = await _organisations.FindOneAndUpdateAsync(session, ByCode(code), SetIati(iati),
                new FindOneAndUpdateOptions<OrganisationDocument> { ReturnDocument = ReturnDocument.After }, token);
            if (changed is null) return null;
            await audit.AppendAsync(session, entry, token);
            return FromDocument(changed);
        }, ct);

    public async Task<ChairTerm?> GetChairTermAsync(CancellationToken ct) =>
        await _chair.Find(CurrentTerm).FirstOrDefaultAsync(ct) is { } d ? FromDocument(d) : null;

    public Task SetChairTermAsync(ChairTerm term, AuditEntry entry, CancellationToken ct) =>
        storage.InTransactionAsync(async (session, token) =>
        {
            await _chair.ReplaceOneAsync(session, CurrentTerm, ToDocument(term), new ReplaceOptions { IsUpsert = true }, token);
            await audit.AppendAsync(session, entry, token);
            return true;
        }, ct);

    public async Task<bool> SetFirstChairTermAsync(ChairTerm term, AuditEntry entry, CancellationToken ct)
    {
        try
        {
            return await storage.InTransactionAsync(async (session, token) =>
            {
                if (await _chair.Find(session, CurrentTerm).AnyAsync(token)) return false;
                await _chair.InsertOneAsync(session, ToDocument(term), cancellationToken: token);
                await audit.AppendAsync(session, entry, token);
                return true;
            }, ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // Another replica seeded the first term at the same moment.
            return false;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => audit.ListAsync(entityId, ct);

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
