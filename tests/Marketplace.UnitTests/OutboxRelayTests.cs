using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using MassTransit;
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
    public class FlakyBus : DispatchProxy
    {
        public int Failures;
        public readonly ConcurrentBag<Guid> Published = [];

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method?.Name != nameof(IBus.Publish) || args?.Length != 4 || args[2] is not IPipe<PublishContext> pipe)
            {
                throw new NotSupportedException(method?.Name);
            }
            if (Interlocked.Decrement(ref Failures) >= 0) return Task.FromException(new InvalidOperationException("broker unreachable"));
            return RecordAsync(pipe);
        }

        private async Task RecordAsync(IPipe<PublishContext> pipe)
        {
            var context = new MessageIdCapture();
            await pipe.Send(context.Proxy);
            Published.Add(context.Proxy.MessageId!.Value);
        }
    }

    /// <summary>Just enough of a publish context for the relay's pipe to set the message id on.</summary>
    public class MessageIdCapture
    {
        public PublishContext Proxy { get; }

        public MessageIdCapture()
        {
            Proxy = DispatchProxy.Create<PublishContext, ContextProxy>();
        }
    }

    public class ContextProxy : DispatchProxy
    {
        private Guid? _messageId;

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "set_MessageId" => _messageId = (Guid?)args![0],
            "get_MessageId" => _messageId,
            _ => throw new NotSupportedException(method?.Name),
        };
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
        var bus = DispatchProxy.Create<IBus, FlakyBus>();
        var flaky = (FlakyBus)(object)bus;
        flaky.Failures = 3;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var relay = new OutboxRelay(outbox, bus, new OutboxMessageTypes([typeof(CodeEntry).Assembly]), new OutboxSignal(), TimeProvider.System,
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
