using Marketplace.Identity.People;
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
        new(Builders<PersonDocument>.IndexKeys.Ascending(d => d.Org).Ascending(d => d.Id), new CreateIndexOptions { Name = "org_id" }),
    ];

    public static FilterDefinition<PersonDocument> ByIdAndStamp(string id, string stamp) =>
        Builders<PersonDocument>.Filter.Eq(d => d.Id, id) & Builders<PersonDocument>.Filter.Eq(d => d.ConcurrencyStamp, stamp);

    public static FilterDefinition<PersonDocument> Page(string? org, string? afterId)
    {
        var filter = Builders<PersonDocument>.Filter.Empty;
        if (org is not null) filter &= Builders<PersonDocument>.Filter.Eq(d => d.Org, org);
        if (afterId is not null) filter &= Builders<PersonDocument>.Filter.Gt(d => d.Id, afterId);
        return filter;
    }

    public Task EnsureIndexesAsync(CancellationToken cancellationToken) => People.Indexes.CreateManyAsync(Indexes, cancellationToken);

    public async Task<bool> CreateAsync(Person person, CancellationToken cancellationToken)
    {
        try
        {
            await People.InsertOneAsync(PersonDocument.From(person), cancellationToken: cancellationToken);
            return true;
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
            var result = await People.ReplaceOneAsync(ByIdAndStamp(person.Id, expectedConcurrencyStamp), PersonDocument.From(person),
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

    public async Task<IReadOnlyList<Person>> ListAsync(string? org, string? afterId, int limit, CancellationToken cancellationToken)
    {
        var documents = await People.Find(Page(org, afterId)).SortBy(d => d.Id).Limit(limit).ToListAsync(cancellationToken);
        return documents.Select(d => d.ToPerson()).ToList();
    }
}
