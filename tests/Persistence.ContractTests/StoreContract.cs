using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

/// <summary>The base of every contract class: a fresh backend (empty database) per test.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    private StoreBackend? _backend;

    protected StoreBackend Backend => _backend ?? throw new InvalidOperationException("The backend is created before each test.");

    protected DateTimeOffset Now => Backend.Clock.Now;

    protected abstract StoreBackend CreateBackend();

    public Task InitializeAsync()
    {
        _backend = CreateBackend();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null) await _backend.DisposeAsync();
    }
}
