using Marketplace.Identity.Extensions;
using Marketplace.Identity.IntegrationTests.Support;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>
/// Identity gets ServiceKit's idempotency key store on either provider, beside its people: the MongoDB one
/// with its TTL index among the stores initialised at start. (Built, not started: no MongoDB server here;
/// the store itself is pinned by tests/Persistence.ContractTests.)
/// </summary>
public sealed class IdempotencyRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task Sqlite_KeysLiveInPeopleDb()
    {
        await using var app = Build(new() { ["Storage:Provider"] = "Sqlite" });

        Assert.IsType<SqliteIdempotencyStore>(app.Services.GetRequiredService<IIdempotencyStore>());
        Assert.Empty(app.Services.GetServices<IMongoStoreSetup>());
    }

    [Fact]
    public async Task Mongo_KeysLiveInTheServiceDatabase_AndTheirIndexIsCreatedAtStart()
    {
        await using var app = Build(new()
        {
            ["Storage:Provider"] = "Mongo", ["Storage:ConnectionString"] = "mongodb://localhost:1/?replicaSet=rs0", ["Storage:Database"] = "identity",
        });

        var store = Assert.IsType<MongoIdempotencyStore>(app.Services.GetRequiredService<IIdempotencyStore>());
        Assert.Contains(app.Services.GetServices<IMongoStoreSetup>(), s => ReferenceEquals(s, store));
    }

    private WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = _data.Path });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddIdentityServices();
        return builder.Build();
    }

    public void Dispose() => _data.Dispose();
}
