using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;

namespace Marketplace.Persistence.ContractTests;

/// <summary>A database written before commit sequences and outbox leases opens, numbers its rows in insertion order and keeps paging.</summary>
public sealed class SqliteCommitSequenceUpgradeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FixedClock _clock = new();

    [Fact]
    public async Task OpeningAnOlderDatabase_NumbersExistingRowsInInsertionOrder_AndNewRowsAfterThem()
    {
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "needs.db")}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            // The schema as it was: no seq column on needs, no lease column on the outbox; rows inserted out of id order.
            create.CommandText = SqliteNeedStore.Schema.Replace(", lease_until TEXT NULL", "", StringComparison.Ordinal) + string.Concat(
                new[] { "need_c", "need_a", "need_b" }.Select(id => $$"""
                    INSERT INTO needs(id, country, title, sector, amount_minor, currency, instruments, priority, funded_minor, withdrawn, status,
                      created_at, updated_at, version)
                    VALUES ('{{id}}', 'SV', 'Old', 'health', 100, 'USD', '["grant"]', 'high', 0, 0, 'open', '2026-01-01T00:00:00.0000000Z',
                      '2026-01-01T00:00:00.0000000Z', 1);
                    INSERT INTO outbox(id, message_type, payload, created_at) VALUES ('{{Guid.NewGuid()}}', 't', '{}', '2026-01-01T00:00:00.0000000Z');
                    """));
            create.ExecuteNonQuery();
        }

        var database = new SqliteDatabase(_directory.Path, "needs.db", SqliteNeedStore.Schema);
        var signal = new OutboxSignal();
        var store = new SqliteNeedStore(database, new SqliteChangeWriter(database, signal), new SqliteCommitmentLedger(database, signal), _clock);
        var fresh = Samples.Need(_clock.Now);
        await store.InsertAsync(new NeedChange(fresh, new Needs.Contracts.NeedPublished(fresh.ToSnapshot()), Samples.Audit(_clock.Now, fresh.Id, "need.published")),
            CancellationToken.None);

        var first = await store.ListAsync(new NeedFilter(null, null, null), 2, null, CancellationToken.None);
        Assert.True(PageToken.TryDecode(first.NextPageToken!, out var after));
        var second = await store.ListAsync(new NeedFilter(null, null, null), 2, after, CancellationToken.None);
        Assert.Equal(["need_c", "need_a", "need_b", fresh.Id], first.Items.Concat(second.Items).Select(n => n.Id));

        // Opening again changes nothing: the numbering and the trigger are in place once.
        _ = new SqliteNeedStore(database, new SqliteChangeWriter(database, signal), new SqliteCommitmentLedger(database, signal), _clock);
        Assert.Equal(["need_c", "need_a", "need_b", fresh.Id],
            (await store.ListAsync(new NeedFilter(null, null, null), 10, null, CancellationToken.None)).Items.Select(n => n.Id));

        var outbox = new SqliteOutbox(database, _clock);
        Assert.Equal(4, (await outbox.ListPendingAsync(10, CancellationToken.None)).Count);
        Assert.Empty(await outbox.ListPendingAsync(10, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
