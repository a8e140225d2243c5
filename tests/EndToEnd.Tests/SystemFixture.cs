using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>One running system shared by the end-to-end tests of a collection.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public MarketplaceProcesses System { get; } = new();

    public Task InitializeAsync() => System.StartAsync();

    public Task DisposeAsync() => System.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
