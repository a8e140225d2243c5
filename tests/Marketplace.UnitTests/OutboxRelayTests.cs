using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.UnitTests;

/// <summary>The relay hands a batch whose publish failed back to the outbox at once, instead of leaving it leased for a minute.</summary>
public sealed class OutboxRelayTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>A broker that refuses the first <see cref="Failures"/> publishes, then confirms and records each message id.</summary>
    private sealed class FlakyPublisher : IOutboxPublisher
    {
        public int Failures;
        public readonly ConcurrentBag<Guid> Published = [];

        public Task PublishAsync(object message, Type messageType, Guid messageId, CancellationToken ct)
        {
            if (Interlocked.Decrement(ref Failures) >= 0) return Task.FromException(new InvalidOperationException("broker unreachable"));
            Published.Add(messageId);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task FailedPublish_IsReleasedAndRetriedWithinTheBackOff_NotAfterTheLease()
    {
        var database = new SqliteDatabase(_directory.Path, "relay.db", SqliteOutbox.Schema);
        var outbox = new SqliteOutbox(database, TimeProvider.System);
        await using (var connection = await database.OpenForWriteAsync(CancellationToken.None))
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                await SqliteOutbox.EnqueueAsync(connection, tx, new CodeEntry($"code_{i}", "es", "en"), DateTimeOffset.UtcNow,
                    CancellationToken.None);
            }
            await tx.CommitAsync();
        }
        var flaky = new FlakyPublisher { Failures = 3 };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var relay = new OutboxRelay(outbox, flaky, new OutboxMessageTypes([typeof(CodeEntry).Assembly]), new OutboxSignal(), TimeProvider.System,
            services.GetRequiredService<IMeterFactory>(), NullLogger<OutboxRelay>.Instance);

        await relay.StartAsync(CancellationToken.None);
        try
        {
            // The lease is a minute: only a released batch can be out within seconds of a failed first attempt.
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
            while ((await outbox.GetBacklogAsync(CancellationToken.None)).Pending > 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "the failed batch was not published again within 10 s");
                await Task.Yield();
            }
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        Assert.True(Volatile.Read(ref flaky.Failures) < 0, "the first attempts failed");
        Assert.Equal(3, flaky.Published.Distinct().Count());
    }
}
