using Marketplace.Flows.Persistence;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.Identity.Persistence;
using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.Notifications.Persistence;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>The embedded provider: one SQLite file per service in a temporary directory.</summary>
public sealed class SqliteBackend : StoreBackend
{
    private readonly TemporaryDirectory _directory = new();
    private readonly OutboxSignal _signal = new();

    public override Task<(INeedStore Store, IOutboxStore Outbox)> CreateNeedsAsync()
    {
        var database = new SqliteDatabase(_directory.Path, "needs.db", SqliteNeedStore.Schema, SqliteNeedStore.AddedColumns);
        INeedStore store = new SqliteNeedStore(database, new SqliteChangeWriter(database, _signal), new SqliteCommitmentLedger(database, _signal), Clock);
        return Task.FromResult((store, (IOutboxStore)new SqliteOutbox(database, Clock)));
    }

    public override Task<(IPledgeStore Store, IOutboxStore Outbox)> CreatePledgesAsync()
    {
        var database = new SqliteDatabase(_directory.Path, "pledges.db", SqlitePledgeStore.Schema);
        IPledgeStore store = new SqlitePledgeStore(database, new SqliteChangeWriter(database, _signal), new SqliteCommitmentLedger(database, _signal), Clock);
        return Task.FromResult((store, (IOutboxStore)new SqliteOutbox(database, Clock)));
    }

    public override Task<(IMatchingStore Store, IOutboxStore Outbox)> CreateMatchingAsync()
    {
        var database = new SqliteDatabase(_directory.Path, "matching.db", SqliteMatchingSchema.Sql, SqliteMatchingSchema.AddedColumns);
        IMatchingStore store = new SqliteMatchingStore(database, new SqliteChangeWriter(database, _signal), _signal);
        return Task.FromResult((store, (IOutboxStore)new SqliteOutbox(database, Clock)));
    }

    public override Task<IClientStore> CreateClientsAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Identity.Options.StorageOptions { DataDirectory = _directory.Path });
        var environment = new HostingEnvironment
        {
            ContentRootPath = _directory.Path, ContentRootFileProvider = new NullFileProvider(), EnvironmentName = Environments.Production,
        };
        return Task.FromResult<IClientStore>(new SqliteClientStore(options, environment));
    }

    public override Task<(IPersonStore People, ISignInStore SignIns)> CreatePeopleAsync()
    {
        var database = PeopleDatabase.Open(_directory.Path);
        return Task.FromResult<(IPersonStore, ISignInStore)>((new SqlitePersonStore(database), new SqliteSignInStore(database)));
    }

    public override Task<(IFlowStore Store, IOutboxStore Outbox)> CreateFlowsAsync()
    {
        var database = new SqliteDatabase(_directory.Path, "flows.db", SqliteFlowStore.Schema);
        IFlowStore store = new SqliteFlowStore(database, new SqliteChangeWriter(database, _signal));
        return Task.FromResult((store, (IOutboxStore)new SqliteOutbox(database, Clock)));
    }

    public override Task<IIdempotencyStore> CreateIdempotencyKeysAsync() =>
        Task.FromResult<IIdempotencyStore>(new SqliteIdempotencyStore(new SqliteDatabase(_directory.Path, "keys.db", SqliteIdempotencyStore.Schema)));

    public override Task<IFlowTotals> CreateFlowTotalsAsync() =>
        Task.FromResult<IFlowTotals>(new SqliteFlowTotals(new SqliteDatabase(_directory.Path, "totals.db", SqliteFlowTotals.Schema)));

    public override Task<IOrganisationStore> CreateOrganisationsAsync() => Task.FromResult<IOrganisationStore>(
        new SqliteOrganisationStore(new SqliteDatabase(_directory.Path, SqliteOrganisationStore.FileName, SqliteOrganisationStore.Schema)));

    public override Task<INotificationStore> CreateNotificationsAsync() => Task.FromResult<INotificationStore>(
        new SqliteNotificationStore(new SqliteDatabase(_directory.Path, "notifications.db", SqliteNotificationStore.Schema)));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
