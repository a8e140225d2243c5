using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// Idempotency keys in MongoDB (collection <c>idempotency</c>, keyed by the scoped key). A claim is an
/// insert, which the unique <c>_id</c> lets only one concurrent request win; an abandoned claim is taken
/// over by a replace conditional on the lock that was read, so again only one request wins it. A TTL
/// index on <c>expiresAt</c> deletes expired keys; reads also treat a key past <c>expiresAt</c> as absent,
/// since the TTL monitor runs only once a minute.
/// </summary>
public sealed class MongoIdempotencyStore(MongoStorage storage) : IIdempotencyStore, IMongoStoreSetup
{
    public const string CollectionName = "idempotency";

    private static readonly FilterDefinitionBuilder<IdempotencyDocument> Filter = Builders<IdempotencyDocument>.Filter;

    public static readonly CreateIndexModel<IdempotencyDocument> ExpiryIndex = new(
        Builders<IdempotencyDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
        new CreateIndexOptions { Name = "ttl_idempotency_expires", ExpireAfter = TimeSpan.Zero });

    static MongoIdempotencyStore() => MongoSerialization.EnsureConfigured();

    private IMongoCollection<IdempotencyDocument> Keys => storage.Collection<IdempotencyDocument>(CollectionName);

    /// <summary>Matches the claim exactly as it was read, so that only one request takes over an abandoned or expired key.</summary>
    public static FilterDefinition<IdempotencyDocument> AsRead(IdempotencyDocument read) =>
        Filter.Eq(d => d.Id, read.Id) & Filter.Eq(d => d.State, read.State) & Filter.Eq(d => d.LockedUntil, read.LockedUntil)
        & Filter.Eq(d => d.ExpiresAt, read.ExpiresAt);

    public static FilterDefinition<IdempotencyDocument> InProgressClaim(string key) =>
        Filter.Eq(d => d.Id, key) & Filter.Eq(d => d.State, IdempotencyDocument.InProgress);

    public Task InitializeAsync(CancellationToken ct) => MongoIndexes.EnsureAsync(Keys, [ExpiryIndex], ct);

    public async Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, DateTimeOffset now, DateTimeOffset lockedUntil,
        CancellationToken ct)
    {
        var claim = new IdempotencyDocument(key, fingerprint, IdempotencyDocument.InProgress, lockedUntil, lockedUntil, null, null, null, null, null);
        while (true)
        {
            try
            {
                await Keys.InsertOneAsync(claim, cancellationToken: ct);
                return new(ClaimOutcome.Claimed);
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
            }
            var existing = await Keys.Find(Filter.Eq(d => d.Id, key)).FirstOrDefaultAsync(ct);
            if (existing is null) continue;
            var live = existing.ExpiresAt > now;
            var sameBody = existing.Fingerprint == fingerprint;
            if (live && existing.State == IdempotencyDocument.Completed)
            {
                return sameBody
                    ? new(ClaimOutcome.Replay, new StoredResponse(existing.Status!.Value, existing.ContentType, existing.Location, existing.ETag,
                        existing.Body ?? []))
                    : new(ClaimOutcome.Mismatch);
            }
            if (live && existing.LockedUntil > now) return new(sameBody ? ClaimOutcome.InProgress : ClaimOutcome.Mismatch);
            var taken = await Keys.ReplaceOneAsync(AsRead(existing), claim, cancellationToken: ct);
            if (taken.ModifiedCount == 1) return new(ClaimOutcome.Claimed);
        }
    }

    public Task CompleteAsync(string key, StoredResponse response, DateTimeOffset expiresAt, CancellationToken ct) =>
        Keys.UpdateOneAsync(InProgressClaim(key), Builders<IdempotencyDocument>.Update
            .Set(d => d.State, IdempotencyDocument.Completed).Set(d => d.ExpiresAt, expiresAt).Set(d => d.Status, response.Status)
            .Set(d => d.ContentType, response.ContentType).Set(d => d.Location, response.Location).Set(d => d.ETag, response.ETag)
            .Set(d => d.Body, response.Body), cancellationToken: ct);

    public Task ReleaseAsync(string key, CancellationToken ct) => Keys.DeleteOneAsync(InProgressClaim(key), ct);
}
