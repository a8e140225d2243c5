using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Data.Sqlite;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteColumnUpgradeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static IEnumerable<string> ColumnsOf(SqliteDatabase database, string table)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public void OpeningNeedsAndMatchingDatabasesWrittenBeforeTheFund_AddsTheReferralColumns_Once()
    {
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "needs.db")}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE needs (id TEXT PRIMARY KEY, country TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, funded_minor INTEGER NOT NULL, amount_minor INTEGER NOT NULL, version INTEGER NOT NULL);";
            create.ExecuteNonQuery();
        }
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "matching.db")}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE need_views (id TEXT PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO need_views VALUES ('need_1', 3);" +
                "CREATE TABLE match_releases (match_id TEXT PRIMARY KEY, pledge_minor INTEGER NOT NULL, need_minor INTEGER NOT NULL);" +
                "INSERT INTO match_releases VALUES ('match_1', 5, 6);";
            create.ExecuteNonQuery();
        }

        var needs = new SqliteDatabase(_directory.Path, "needs.db", SqliteNeedStore.Schema, SqliteNeedStore.AddedColumns);
        _ = new SqliteDatabase(_directory.Path, "needs.db", SqliteNeedStore.Schema, SqliteNeedStore.AddedColumns);
        var matching = new SqliteDatabase(_directory.Path, "matching.db", SqliteMatchingSchema.Sql, SqliteMatchingSchema.AddedColumns);

        Assert.Superset(new HashSet<string> { "referral_at", "referral_reason", "referral_by", "last_proposal_at" }, ColumnsOf(needs, "needs").ToHashSet());
        using var connection = matching.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT referred FROM need_views WHERE id = 'need_1'";
        Assert.Equal(0L, command.ExecuteScalar());
        // A release recorded before the match change sequence existed has number 0: a round's full read reads it.
        command.CommandText = "SELECT seq FROM match_releases WHERE match_id = 'match_1'";
        Assert.Equal(0L, command.ExecuteScalar());
        Assert.Contains("change_seq", ColumnsOf(matching, "matches"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
