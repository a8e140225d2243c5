using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests;

/// <summary>A RabbitMQ node of the suite's own (stopped and restarted by the tests) with a system on it.</summary>
public sealed class OwnBrokerFixture : IAsyncLifetime
{
    public RabbitMqNode Broker { get; } = new();

    public MarketplaceProcesses System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Broker.StartAsync();
        System = new MarketplaceProcesses(Broker);
        await System.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OwnBrokerCollection : ICollectionFixture<OwnBrokerFixture>
{
    public const string Name = "own broker";
}

/// <summary>A system on the shared broker (its own virtual host) whose services the tests kill.</summary>
public sealed class SharedBrokerFixture : IAsyncLifetime
{
    public MarketplaceProcesses System { get; } = new();

    public Task InitializeAsync() => System.StartAsync();

    public Task DisposeAsync() => System.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class SharedBrokerCollection : ICollectionFixture<SharedBrokerFixture>
{
    public const string Name = "shared broker";
}
