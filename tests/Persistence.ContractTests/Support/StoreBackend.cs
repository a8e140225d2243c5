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

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>One provider's stores, each with the outbox of its own database, on a fresh empty database.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public FixedClock Clock { get; } = new();

    public abstract Task<(INeedStore Store, IOutboxStore Outbox)> CreateNeedsAsync();

    public abstract Task<(IPledgeStore Store, IOutboxStore Outbox)> CreatePledgesAsync();

    public abstract Task<(IMatchingStore Store, IOutboxStore Outbox)> CreateMatchingAsync();

    public abstract Task<IClientStore> CreateClientsAsync();

    public abstract Task<(IPersonStore People, ISignInStore SignIns)> CreatePeopleAsync();

    public abstract Task<(IFlowStore Store, IOutboxStore Outbox)> CreateFlowsAsync();

    public abstract Task<IIdempotencyStore> CreateIdempotencyKeysAsync();

    public abstract Task<IFlowTotals> CreateFlowTotalsAsync();

    public abstract Task<IOrganisationStore> CreateOrganisationsAsync();

    public abstract Task<INotificationStore> CreateNotificationsAsync();

    public abstract ValueTask DisposeAsync();
}
