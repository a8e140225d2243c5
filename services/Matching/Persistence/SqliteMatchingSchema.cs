using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;

namespace Marketplace.Matching.Persistence;

/// <summary>Tables of the matching service's embedded database. Money is integer minor units; rates are exact decimal text.</summary>
public static class SqliteMatchingSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS need_views (
          id TEXT PRIMARY KEY, country TEXT NOT NULL, sector TEXT NOT NULL, title TEXT NOT NULL, instruments TEXT NOT NULL,
          priority TEXT NOT NULL, amount_minor INTEGER NOT NULL, funded_minor INTEGER NOT NULL, currency TEXT NOT NULL,
          status TEXT NOT NULL, start_date TEXT NULL, end_date TEXT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0,
          referred INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS pledge_views (
          id TEXT PRIMARY KEY, donor TEXT NOT NULL, title TEXT NOT NULL, instrument TEXT NOT NULL, countries TEXT NOT NULL,
          sectors TEXT NOT NULL, amount_minor INTEGER NOT NULL, allocated_minor INTEGER NOT NULL, currency TEXT NOT NULL,
          min_allocation_minor INTEGER NULL, max_allocation_minor INTEGER NULL, available_from TEXT NULL,
          available_until TEXT NULL, status TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS matches (
          id TEXT PRIMARY KEY, need_id TEXT NOT NULL, pledge_id TEXT NOT NULL, country TEXT NOT NULL, donor TEXT NOT NULL,
          sector TEXT NOT NULL, instrument TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
          need_amount_minor INTEGER NOT NULL, need_currency TEXT NOT NULL, fx_rate TEXT NOT NULL, score REAL NOT NULL,
          reasons TEXT NOT NULL, status TEXT NOT NULL, proposed_at TEXT NOT NULL, decided_at TEXT NULL, decided_by TEXT NULL,
          reason TEXT NULL, round_id TEXT NOT NULL, usd_cents INTEGER NOT NULL, version INTEGER NOT NULL,
          change_seq INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ix_matches_status ON matches(status, id);
        CREATE INDEX IF NOT EXISTS ix_matches_need ON matches(need_id, status);
        CREATE INDEX IF NOT EXISTS ix_matches_pledge ON matches(pledge_id, status);
        CREATE TABLE IF NOT EXISTS fx_rates (
          currency TEXT PRIMARY KEY, usd_per_unit TEXT NOT NULL, as_of TEXT NOT NULL, source TEXT NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS match_releases (
          match_id TEXT PRIMARY KEY, pledge_minor INTEGER NOT NULL, need_minor INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS rounds (
          id TEXT PRIMARY KEY, completed_at TEXT NOT NULL, trigger TEXT NOT NULL, proposals INTEGER NOT NULL,
          churn INTEGER NOT NULL, proposed_usd_cents INTEGER NOT NULL, duration_ms REAL NOT NULL);
        """ + SqliteOutbox.Schema + SqliteAuditTrail.Schema;

    /// <summary>
    /// Columns added after the first release, for databases created before them (their rows get view or change sequence 0,
    /// read by the first full load of a round).
    /// </summary>
    public static readonly IReadOnlyList<SqliteColumn> AddedColumns =
    [
        new("need_views", "seq", "INTEGER NOT NULL DEFAULT 0"),
        new("pledge_views", "seq", "INTEGER NOT NULL DEFAULT 0"),
        new("need_views", "referred", "INTEGER NOT NULL DEFAULT 0"),
        new("matches", "change_seq", "INTEGER NOT NULL DEFAULT 0"),
        new("match_releases", "seq", "INTEGER NOT NULL DEFAULT 0"),
    ];

    /// <summary>
    /// What <c>CREATE ... IF NOT EXISTS</c> cannot bring to a database created earlier, once <see cref="AddedColumns"/>
    /// exist: the indexes of a round's "changed since" reads (views, matches and releases), the matches' commit sequence and the indexes of their
    /// <c>orderBy</c> sorts (proposedAt is commit order, served by <c>ix_matches_status_seq</c>), and the lease's fencing token.
    /// </summary>
    public static void Upgrade(SqliteDatabase database)
    {
        SqliteSchema.EnsureCommitSequence(database, "matches", "status", "country", "donor");
        using var connection = database.Open();
        SqliteSchema.AddColumnIfMissing(connection, null, "leases", "token", "INTEGER NOT NULL DEFAULT 0");
        foreach (var sql in (string[])[
                     "CREATE INDEX IF NOT EXISTS ix_need_views_seq ON need_views(seq)",
                     "CREATE INDEX IF NOT EXISTS ix_pledge_views_seq ON pledge_views(seq)",
                     "CREATE INDEX IF NOT EXISTS ix_matches_change_seq ON matches(change_seq)",
                     "CREATE INDEX IF NOT EXISTS ix_match_releases_seq ON match_releases(seq)",
                     "CREATE INDEX IF NOT EXISTS ix_matches_status_usd ON matches(status, usd_cents, seq)",
                     "CREATE INDEX IF NOT EXISTS ix_matches_status_score ON matches(status, score, seq)"])
        {
            using var command = connection.Command(sql);
            command.ExecuteNonQuery();
        }
    }
}
