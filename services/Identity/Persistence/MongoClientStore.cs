using MongoDB.Bson;
using MongoDB.Driver;
using Marketplace.Identity.Clients;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// Client store in the MongoDB collection <c>clients</c> of <c>Storage:Database</c>. Every replica runs
/// the start-up sync against it; upserts and the delete of unlisted clients are idempotent, so replicas
/// starting together converge on the configured set.
/// </summary>
public sealed class MongoClientStore(IMongoClient client, string databaseName, TimeProvider clock) : IClientStore
{
    public const string CollectionName = "clients";

    private static readonly ReplaceOptions Upsert = new() { IsUpsert = true };
    private static readonly BsonDocument Ping = new("ping", 1);

    private readonly IMongoDatabase _database = client.GetDatabase(databaseName);

    private IMongoCollection<ClientDocument> Clients => _database.GetCollection<ClientDocument>(CollectionName);

    public static FilterDefinition<ClientDocument> ById(string clientId) => Builders<ClientDocument>.Filter.Eq(d => d.ClientId, clientId);

    public static FilterDefinition<ClientDocument> NoneOf(IReadOnlyCollection<string> clientIds) =>
        Builders<ClientDocument>.Filter.Nin(d => d.ClientId, clientIds);

    public async Task<RegisteredClient?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        (await Clients.Find(ById(clientId)).FirstOrDefaultAsync(cancellationToken))?.ToClient();

    public Task UpsertAsync(RegisteredClient registered, CancellationToken cancellationToken) =>
        Clients.ReplaceOneAsync(ById(registered.ClientId), ClientDocument.From(registered, clock.GetUtcNow().UtcDateTime), Upsert,
            cancellationToken);

    public async Task<int> DeleteAllExceptAsync(IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken) =>
        (int)(await Clients.DeleteManyAsync(NoneOf(clientIds), cancellationToken)).DeletedCount;

    /// <summary>What readiness means for this store: the database answers.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        _database.RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken);
}
