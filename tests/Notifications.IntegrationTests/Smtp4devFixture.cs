using Marketplace.TestSupport;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>One real smtp4dev for the notifications tests (they tell their mail apart by recipient).</summary>
public sealed class Smtp4devFixture : IAsyncLifetime
{
    public Smtp4devServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Smtp4devServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<Smtp4devFixture>
{
    public const string Name = "smtp4dev";
}
