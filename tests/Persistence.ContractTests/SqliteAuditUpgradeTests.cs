using System.Text.Json.Nodes;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteAuditUpgradeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task OpeningADatabaseWrittenBeforeActorName_AddsTheColumn_OldEntriesReadTheActorAsTheirName()
    {
        var path = Path.Combine(_directory.Path, "needs.db");
        using (var old = new SqliteConnection($"Data Source={path}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, org TEXT NOT NULL,
                  action TEXT NOT NULL, entity_id TEXT NOT NULL, details TEXT NOT NULL);
                INSERT INTO audit(at, actor, org, action, entity_id, details) VALUES ('2026-11-01T00:00:00.0000000+00:00', 'state-sv', 'SV', 'need.created', 'need_1', '{}');
                """;
            create.ExecuteNonQuery();
        }

        var database = new SqliteDatabase(_directory.Path, "needs.db", SqliteNeedStore.Schema);
        await using (var connection = await database.OpenForWriteAsync(CancellationToken.None))
        await using (var tx = connection.BeginTransaction())
        {
            await SqliteAuditTrail.AppendAsync(connection, tx, new AuditEntry(DateTimeOffset.UtcNow, "person_1", "Ana", "SV", "need.updated", "need_1",
                new JsonObject()), CancellationToken.None);
            await tx.CommitAsync();
        }
        var trail = await SqliteAuditTrail.ListAsync(database, "need_1", CancellationToken.None);

        Assert.Equal([("state-sv", "state-sv"), ("person_1", "Ana")], trail.Select(e => (e.Actor, e.ActorName)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
