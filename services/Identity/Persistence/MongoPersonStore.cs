using Marketplace.Identity.People;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// People in the MongoDB collection <c>people</c>. Uniqueness of the email and of a pending invitation is
/// the server's job (unique indexes, created by <see cref="EnsureIndexesAsync"/>), never a read-then-write.
/// </summary>
public sealed class MongoPersonStore(IMongoDatabase database) : IPersonStore
{
    public const string CollectionName = "people";
    private const int DuplicateKey = 11000;

    private IMongoCollection<PersonDocument> People => database.GetCollection<PersonDocument>(CollectionName);

    public static IReadOnlyList<CreateIndexModel<PersonDocument>> Indexes { get; } =
    [
        new(Builders<PersonDocument>.IndexKeys.Ascending(d => d.NormalizedEmail), new CreateIndexOptions { Unique = true, Name = "email" }),
        new(Builders<PersonDocument>.IndexKeys.Ascending(d => d.InvitationHash),
            new CreateIndexOptions { Unique = true, Sparse = true, Name = "invitation" }),
        new(Builders<PersonDocument>.IndexKeys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "seq" }),
        new(Builders<PersonDocument>.IndexKeys.Ascending(d => d.Org).Ascending(d => d.Seq), new CreateIndexOptions { Name = "org_seq" }),
    ];

    public static FilterDefinition<PersonDocument> ByIdAndStamp(string id, string stamp) =>
        Builders<PersonDocument>.Filter.Eq(d => d.Id, id) & Builders<PersonDocument>.Filter.Eq(d => d.ConcurrencyStamp, stamp);

    public static FilterDefinition<PersonDocument> Page(string? org, long? afterSeq)
    {
        var filter = Builders<PersonDocument>.Filter.Empty;
        if (org is not null) filter &= Builders<PersonDocument>.Filter.Eq(d => d.Org, org);
        if (afterSeq is { } after) filter &= Builders<PersonDocument>.Filter.Gt(d => d.Seq, after);
        return filter;
    }

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoCommitSequence.EnsureAsync(database, [CollectionName], cancellationToken);
        await MongoCommitSequence.BackfillAsync(database, CollectionName, CollectionName, cancellationToken);
        await MongoIndexes.EnsureAsync(People, Indexes, cancellationToken);
    }

    public async Task<bool> CreateAsync(Person person, CancellationToken cancellationToken)
    {
        try
        {
            // The insert takes its number in the same transaction (MongoCommitSequence), so a list's cursor never skips it.
            using var session = await database.Client.StartSessionAsync(cancellationToken: cancellationToken);
            return await session.WithTransactionAsync(async (s, ct) =>
            {
                var seq = await MongoCommitSequence.NextAsync(database, s, CollectionName, 1, ct);
                await People.InsertOneAsync(s, PersonDocument.From(person) with { Seq = seq }, cancellationToken: ct);
                return true;
            }, MongoStorage.TransactionOptionsOf(database.Client.Settings), cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Code == DuplicateKey)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(Person person, string expectedConcurrencyStamp, CancellationToken cancellationToken)
    {
        try
        {
            // The number never changes after the insert, so reading it apart from the replace is safe.
            var seq = await People.Find(d => d.Id == person.Id).Project(d => d.Seq).FirstOrDefaultAsync(cancellationToken);
            var result = await People.ReplaceOneAsync(ByIdAndStamp(person.Id, expectedConcurrencyStamp), PersonDocument.From(person) with { Seq = seq },
                cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Code == DuplicateKey)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        (await People.DeleteOneAsync(d => d.Id == id, cancellationToken)).DeletedCount == 1;

    public async Task<Person?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        (await People.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToPerson();

    public async Task<Person?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        (await People.Find(d => d.NormalizedEmail == normalizedEmail).FirstOrDefaultAsync(cancellationToken))?.ToPerson();

    public async Task<Person?> FindByInvitationAsync(string invitationHash, CancellationToken cancellationToken) =>
        (await People.Find(d => d.InvitationHash == invitationHash).FirstOrDefaultAsync(cancellationToken))?.ToPerson();

    public async Task<Page<Person>> ListAsync(string? org, string? after, int pageSize, CancellationToken cancellationToken)
    {
        var documents = await People.Find(Page(org, PageToken.Sequence(after))).SortBy(d => d.Seq).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page<Person>.FromRows([.. documents.Select(d => (d.ToPerson(), d.Seq))], pageSize);
    }
}
