using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Persistence.ContractTests;

/// <summary>The provider is chosen by configuration alone, and a bad Mongo configuration stops the host at start naming the key.</summary>
public sealed class StorageOptionsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.AddMarketplaceStore<INeedStore, SqliteNeedStore, MongoNeedStore>("needs.db", SqliteNeedStore.Schema);
        return builder;
    }

    [Theory]
    [InlineData(null, "needs", "Storage:ConnectionString is required when Storage:Provider is Mongo.")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", null, "Storage:Database is required when Storage:Provider is Mongo.")]
    [InlineData("http://mongo:27017", "needs", "Storage:ConnectionString must be a mongodb:// or mongodb+srv:// URL.")]
    [InlineData("mongodb://mongo:27017/?replicaSet=rs0", "needs.v2", "Storage:Database must be a MongoDB database name")]
    public async Task Start_WithIncompleteMongoSettings_FailsNamingTheKey(string? connectionString, string? database, string message)
    {
        var settings = new List<(string, string)> { ("Storage:Provider", "Mongo") };
        if (connectionString is not null) settings.Add(("Storage:ConnectionString", connectionString));
        if (database is not null) settings.Add(("Storage:Database", database));
        using var host = Builder([.. settings]).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Provider_SelectsTheStoreAndOutboxImplementations()
    {
        var data = Directory.CreateTempSubdirectory("marketplace-test-").FullName;
        using var sqlite = Builder(("Storage:DataDirectory", data)).Build();
        using var mongo = Builder(("Storage:Provider", "Mongo"), ("Storage:ConnectionString", "mongodb://localhost:1/?replicaSet=rs0"),
            ("Storage:Database", "needs")).Build();

        Assert.IsType<SqliteNeedStore>(sqlite.Services.GetRequiredService<INeedStore>());
        Assert.IsType<SqliteOutbox>(sqlite.Services.GetRequiredService<IOutboxStore>());
        Assert.IsType<MongoNeedStore>(mongo.Services.GetRequiredService<INeedStore>());
        Assert.IsType<MongoOutbox>(mongo.Services.GetRequiredService<IOutboxStore>());
        Assert.Same(mongo.Services.GetRequiredService<MongoDB.Driver.IMongoClient>(), mongo.Services.GetRequiredService<MongoDB.Driver.IMongoClient>());
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void MongoClient_WritesWithMajorityAndABoundedWait_FromTheOptions()
    {
        using var host = Builder(("Storage:Provider", "Mongo"), ("Storage:ConnectionString", "mongodb://localhost:1/?replicaSet=rs0&w=1"),
            ("Storage:Database", "needs"), ("Storage:MongoWriteTimeoutMilliseconds", "2500")).Build();

        var settings = host.Services.GetRequiredService<MongoDB.Driver.IMongoClient>().Settings;

        Assert.Equal(MongoDB.Driver.WriteConcern.WValue.Parse("majority"), settings.WriteConcern.W);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), settings.WriteConcern.WTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), settings.ServerSelectionTimeout);
        Assert.Equal(MongoDB.Driver.ReadConcern.Majority, settings.ReadConcern);
        var transaction = MongoStorage.TransactionOptionsOf(settings);
        Assert.Equal(settings.WriteConcern, transaction.WriteConcern);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), transaction.MaxCommitTime);
    }

    [Theory]
    [InlineData("50")]
    [InlineData("500000")]
    public async Task Start_WithAnOutOfRangeMongoWriteTimeout_FailsNamingTheKey(string milliseconds)
    {
        using var host = Builder(("Storage:Provider", "Mongo"), ("Storage:ConnectionString", "mongodb://localhost:1/?replicaSet=rs0"),
            ("Storage:Database", "needs"), ("Storage:MongoWriteTimeoutMilliseconds", milliseconds)).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:MongoWriteTimeoutMilliseconds must be from 100 to 120000.", error.Message);
    }

    [Fact]
    public void MongoStoreInitializer_StartsBeforeEveryOtherHostedService_WhateverTheRegistrationOrder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Mongo", ["Storage:ConnectionString"] = "mongodb://localhost:1/?replicaSet=rs0", ["Storage:Database"] = "needs",
        });
        // Messaging first, as a service's Program.cs may well order it: the bus and the relay must still wait for the store.
        builder.AddMarketplaceMessaging(null, typeof(Marketplace.Needs.Contracts.NeedPublished).Assembly);
        builder.AddMarketplaceStore<INeedStore, SqliteNeedStore, MongoNeedStore>("needs.db", SqliteNeedStore.Schema);

        var hosted = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();

        Assert.Equal(typeof(MongoStoreInitializer), hosted[0].ImplementationType);
        Assert.Contains(hosted.Skip(1), d => d.ImplementationType == typeof(OutboxRelay));
        Assert.True(hosted.Count > 2, "the MassTransit bus is a hosted service registered after the initializer");
    }
}
