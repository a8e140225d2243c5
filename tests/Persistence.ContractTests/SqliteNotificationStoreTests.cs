using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteNotificationStoreTests : NotificationStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
