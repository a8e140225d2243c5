using Marketplace.Flows.Persistence;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.Identity.Persistence;
using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.Notifications.Persistence;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>
/// The MongoDB provider on <c>MONGODB_URI</c>: one client for the whole test run (as in a service), one
/// fresh database per test, created with the same indexes a service creates at start and dropped after.
/// </summary>
public sealed class MongoBackend : StoreBackend
{
    private static readonly Lazy<IMongoClient> Client = new(() =>
        MongoStorage.CreateClient(MongoEnvironment.Uri ?? throw new InvalidOperationException(MongoEnvironment.SkipReason), "contract-tests"));

    private readonly string _databaseName = $"contract_{Guid.NewGuid():N}";
    private readonly OutboxSignal _signal = new();

    public static IMongoClient SharedClient => Client.Value;

    public string DatabaseName => _databaseName;

    public MongoStorage Storage => new(Client.Value, _databaseName);

    public async Task<(MongoOutbox Outbox, MongoAuditTrail Audit)> CreateSharedAsync()
    {
        var storage = Storage;
        var outbox = new MongoOutbox(storage, Clock);
        var audit = new MongoAuditTrail(storage);
        await outbox.CreateIndexesAsync(CancellationToken.None);
        await audit.CreateIndexesAsync(CancellationToken.None);
        return (outbox, audit);
    }

    public override async Task<(INeedStore Store, IOutboxStore Outbox)> CreateNeedsAsync()
    {
        var (outbox, audit) = await CreateSharedAsync();
        var store = new MongoNeedStore(Storage, new MongoChangeWriter(Storage, outbox, audit, _signal),
            new MongoCommitmentLedger(Storage, outbox, audit, _signal), audit, Clock);
        await store.InitializeAsync(CancellationToken.None);
        return (store, outbox);
    }

    public override async Task<(IPledgeStore Store, IOutboxStore Outbox)> CreatePledgesAsync()
    {
        var (outbox, audit) = await CreateSharedAsync();
        var store = new MongoPledgeStore(Storage, new MongoChangeWriter(Storage, outbox, audit, _signal),
            new MongoCommitmentLedger(Storage, outbox, audit, _signal), audit, Clock);
        await store.InitializeAsync(CancellationToken.None);
        return (store, outbox);
    }

    public override async Task<(IMatchingStore Store, IOutboxStore Outbox)> CreateMatchingAsync()
    {
        var (outbox, audit) = await CreateSharedAsync();
        var store = new MongoMatchingStore(Storage, new MongoChangeWriter(Storage, outbox, audit, _signal), outbox, audit, _signal);
        await store.InitializeAsync(CancellationToken.None);
        return (store, outbox);
    }

    public override async Task<(IFlowStore Store, IOutboxStore Outbox)> CreateFlowsAsync()
    {
        var (outbox, audit) = await CreateSharedAsync();
        var store = new MongoFlowStore(Storage, new MongoChangeWriter(Storage, outbox, audit, _signal), audit);
        await store.InitializeAsync(CancellationToken.None);
        return (store, outbox);
    }

    public override async Task<INotificationStore> CreateNotificationsAsync()
    {
        var store = new MongoNotificationStore(Storage);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public override async Task<IIdempotencyStore> CreateIdempotencyKeysAsync()
    {
        var store = new MongoIdempotencyStore(Storage);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public override async Task<IFlowTotals> CreateFlowTotalsAsync()
    {
        var totals = new MongoFlowTotals(Storage);
        await totals.InitializeAsync(CancellationToken.None);
        return totals;
    }

    public override Task<IClientStore> CreateClientsAsync() =>
        Task.FromResult<IClientStore>(new MongoClientStore(Client.Value, _databaseName, Clock));

    public override async Task<IOrganisationStore> CreateOrganisationsAsync()
    {
        var store = new MongoOrganisationStore(Storage, new MongoAuditTrail(Storage));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public override async Task<(IPersonStore People, ISignInStore SignIns)> CreatePeopleAsync()
    {
        var database = Client.Value.GetDatabase(_databaseName);
        var people = new MongoPersonStore(database);
        var signIns = new MongoSignInStore(database);
        await people.EnsureIndexesAsync(CancellationToken.None);
        await signIns.EnsureIndexesAsync(CancellationToken.None);
        return (people, signIns);
    }

    public override async ValueTask DisposeAsync()
    {
        if (MongoEnvironment.Uri is not null) await Client.Value.DropDatabaseAsync(_databaseName);
    }
}
