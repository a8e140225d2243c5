using System.Globalization;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;
using static Marketplace.Matching.Persistence.SqliteMatchRows;

namespace Marketplace.Matching.Persistence;

/// <summary>The embedded default store of the matching service.</summary>
public sealed class SqliteMatchingStore : IMatchingStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteChangeWriter _writer;
    private readonly OutboxSignal _signal;

    public SqliteMatchingStore(SqliteDatabase database, SqliteChangeWriter writer, OutboxSignal signal)
    {
        _database = database;
        _writer = writer;
        _signal = signal;
        SqliteMatchingSchema.Upgrade(_database);
        SeedDefaultFxRates();
    }

    public Task<bool> UpsertNeedAsync(NeedView need, CancellationToken ct) => UpsertAsync("need_views", NeedColumns, Bind(need), ct);

    public Task<bool> UpsertPledgeAsync(PledgeView pledge, CancellationToken ct) => UpsertAsync("pledge_views", PledgeColumns, Bind(pledge), ct);

    // Each stored view takes the next view sequence (one above the highest of both tables), so a round can read only
    // the views written since the sequence it last saw. Writes are serialised (one writer), so sequences commit in order.
    private async Task<bool> UpsertAsync(string table, string columns, (string, object?)[] parameters, CancellationToken ct)
    {
        var updates = string.Join(", ", columns.Split(", ").Where(c => c != "id").Select(c => $"{c} = excluded.{c}"));
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var command = connection.Command(
            $"INSERT INTO {table}({columns}, seq) VALUES ({Parameters(columns)}, ({NextViewSequence})) " +
            $"ON CONFLICT(id) DO UPDATE SET {updates}, seq = excluded.seq WHERE excluded.version > {table}.version", null, parameters);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private const string ViewSequence =
        "SELECT max((SELECT coalesce(max(seq), 0) FROM need_views), (SELECT coalesce(max(seq), 0) FROM pledge_views))";

    private const string NextViewSequence = ViewSequence + " + 1";

    // The match change sequence, in the same style: every write of a match sets change_seq, every release its seq, to one
    // above the highest of both tables, so a round reads only the matches and releases written since its last read.
    private const string MatchSequence =
        "SELECT max((SELECT coalesce(max(change_seq), 0) FROM matches), (SELECT coalesce(max(seq), 0) FROM match_releases))";

    private const string NextMatchSequence = "(" + MatchSequence + " + 1)";

    private static readonly string OpenStatuses = string.Join(", ", MatchStatus.Open.Select(s => $"'{s}'"));

    public Task<RoundInput> LoadRoundInputAsync(CancellationToken ct) => LoadAsync(null, ct);

    public Task<RoundInput> LoadRoundChangesAsync(long viewsAfter, long matchesAfter, CancellationToken ct) =>
        LoadAsync((viewsAfter, matchesAfter), ct);

    private async Task<RoundInput> LoadAsync((long Views, long Matches)? after, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        // A deferred transaction: one snapshot for every read (WAL), and no write lock. Microsoft.Data.Sqlite begins
        // IMMEDIATE by default, which took the write lock outside the single writer for the whole read, so every write
        // meanwhile (a consumer's view upsert) met SQLITE_BUSY and slept in the driver's retry while holding the writer.
        await using var tx = connection.BeginTransaction(deferred: true);
        var changed = after is null ? "" : " WHERE seq > $after";
        (string, object?)[] views = after is null ? [] : [("$after", after.Value.Views)];
        var needs = await ReadAllAsync(connection, tx, $"SELECT {NeedColumns} FROM need_views{changed} ORDER BY id", ReadNeed, ct, views);
        var pledges = await ReadAllAsync(connection, tx, $"SELECT {PledgeColumns} FROM pledge_views{changed} ORDER BY id", ReadPledge, ct, views);
        var viewSequence = (await ReadAllAsync(connection, tx, ViewSequence, r => r.GetInt64(0), ct))[0];
        var matchSequence = (await ReadAllAsync(connection, tx, MatchSequence, r => r.GetInt64(0), ct))[0];
        var fx = await ReadAllAsync(connection, tx, "SELECT currency, usd_per_unit, as_of, source, version FROM fx_rates", ReadFx, ct);
        IReadOnlyList<Match> open;
        IReadOnlyList<(string, string)> rejected;
        IReadOnlyList<string> closed = [];
        if (after is null)
        {
            open = await ReadAllAsync(connection, tx, $"SELECT {MatchColumns} FROM matches WHERE status IN ({OpenStatuses}) ORDER BY id", ReadMatch, ct);
            rejected = await ReadAllAsync(connection, tx, "SELECT DISTINCT need_id, pledge_id FROM matches WHERE status = 'rejected'",
                r => (r.GetString(0), r.GetString(1)), ct);
        }
        else
        {
            var written = await ReadAllAsync(connection, tx, $"SELECT {MatchColumns} FROM matches WHERE change_seq > $after ORDER BY change_seq",
                ReadMatch, ct, ("$after", after.Value.Matches));
            open = [.. written.Where(m => MatchStatus.IsOpen(m.Status))];
            closed = [.. written.Where(m => !MatchStatus.IsOpen(m.Status)).Select(m => m.Id)];
            rejected = [.. written.Where(m => m.Status == MatchStatus.Rejected).Select(m => (m.NeedId, m.PledgeId))];
        }
        var releases = await ReadAllAsync(connection, tx,
            "SELECT match_id, pledge_minor, need_minor FROM match_releases" + (after is null ? "" : " WHERE seq > $after"),
            r => new MatchRelease(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct, after is null ? [] : [("$after", after.Value.Matches)]);
        return new RoundInput(needs, pledges, open, fx.ToDictionary(r => r.Currency), rejected.ToHashSet(), releases.ToDictionary(r => r.MatchId))
        {
            ViewSequence = viewSequence,
            MatchSequence = matchSequence,
            ClosedMatchIds = closed,
        };
    }

    public async Task RecordReleaseAsync(MatchRelease release, CancellationToken ct)
    {
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var command = connection.Command(
            $"INSERT INTO match_releases(match_id, pledge_minor, need_minor, seq) VALUES ($m, $p, $n, {NextMatchSequence}) ON CONFLICT(match_id) DO NOTHING", null,
            ("$m", release.MatchId), ("$p", release.PledgeMinor), ("$n", release.NeedMinor));
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task SupersedeProposalsAsync(IReadOnlyList<string> ids, long fencingToken, CancellationToken ct) =>
        FencedWriteAsync(fencingToken, async (connection, tx) =>
        {
            foreach (var id in ids)
            {
                await using var command = connection.Command(
                    $"UPDATE matches SET status = 'superseded', version = version + 1, change_seq = {NextMatchSequence} WHERE id = $id AND status = 'proposed'", tx, ("$id", id));
                await command.ExecuteNonQueryAsync(ct);
            }
        }, ct);

    public async Task AddProposalsAsync(IReadOnlyList<Match> matches, long fencingToken, CancellationToken ct)
    {
        await FencedWriteAsync(fencingToken, async (connection, tx) =>
        {
            foreach (var match in matches)
            {
                await using var command = connection.Command(
                    $"INSERT INTO matches({MatchColumns}, change_seq) VALUES ({Parameters(MatchColumns)}, {NextMatchSequence}) ON CONFLICT(id) DO NOTHING",
                    tx, Bind(match));
                // Only a proposal this write inserted announces itself (a chunk written again inserts nothing).
                if (await command.ExecuteNonQueryAsync(ct) == 1)
                {
                    await SqliteOutbox.EnqueueAsync(connection, tx, MatchEvents.Proposed(match), match.ProposedAt, ct);
                }
            }
        }, ct);
        if (matches.Count > 0) _signal.Notify();
    }

    public async Task CompleteRoundAsync(RoundRecord round, object roundEvent, long fencingToken, CancellationToken ct)
    {
        await FencedWriteAsync(fencingToken, async (connection, tx) =>
        {
            await using (var command = connection.Command(
                "INSERT INTO rounds(id, completed_at, trigger, proposals, churn, proposed_usd_cents, duration_ms) VALUES ($id, $at, $trigger, $proposals, $churn, $usd, $ms)",
                tx, ("$id", round.Id), ("$at", Timestamp(round.CompletedAt)), ("$trigger", round.Trigger), ("$proposals", round.Proposals),
                ("$churn", round.Churn), ("$usd", round.ProposedUsdCents), ("$ms", round.DurationMs)))
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            await SqliteOutbox.EnqueueAsync(connection, tx, roundEvent, round.CompletedAt, ct);
        }, ct);
        _signal.Notify();
    }

    /// <summary>One write transaction that first checks the fencing token; SQLite's single writer makes the check and the write atomic.</summary>
    private async Task FencedWriteAsync(long fencingToken, Func<SqliteConnection, SqliteTransaction, Task> write, CancellationToken ct)
    {
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var fence = connection.Command("SELECT token FROM leases WHERE name = 'solver'", tx))
        {
            if (await fence.ExecuteScalarAsync(ct) is not long current || current != fencingToken) throw new StaleSolverLeaseException(fencingToken);
        }
        await write(connection, tx);
        await tx.CommitAsync(ct);
    }

    public async Task<Match?> GetMatchAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {MatchColumns} FROM matches WHERE id = $id", ReadMatch, ct, ("$id", id))).FirstOrDefault();

    public async Task<Page<Match>> ListMatchesAsync(MatchFilter f, int pageSize, MatchCursor? after, CancellationToken ct)
    {
        // proposedAt is commit order (MatchCursor): the sequence number is both key and tie-breaker.
        var (column, key) = f.Order.Key switch
        {
            MatchSortKey.ProposedAt => ("seq", after is null ? null : (object)after.Seq),
            MatchSortKey.AmountUsd => ("usd_cents", after is null ? null : MatchOrder.AmountUsdOf(after.Key)),
            _ => ("score", after is null ? null : (object)MatchOrder.ScoreOf(after.Key)),
        };
        var (direction, beyond) = f.Order.Descending ? ("DESC", "<") : ("ASC", ">");
        // Only the filters given become conditions: a "$x IS NULL OR column = $x" condition hides the column from the
        // planner, so a list by pledge or need would walk the whole table in sort order instead of using its index.
        var conditions = new List<string>();
        var parameters = new List<(string, object?)> { ("$limit", pageSize + 1) };
        void Filter(string column, string name, string? value)
        {
            if (value is null) return;
            conditions.Add($"{column} = {name}");
            parameters.Add((name, value));
        }
        Filter("status", "$status", f.Status);
        Filter("need_id", "$need", f.NeedId);
        Filter("pledge_id", "$pledge", f.PledgeId);
        Filter("country", "$country", f.Country);
        Filter("donor", "$donor", f.Donor);
        Filter("sector", "$sector", f.Sector);
        Filter("instrument", "$instrument", f.Instrument);
        if (after is not null)
        {
            conditions.Add($"({column} {beyond} $key OR ({column} = $key AND seq {beyond} $after))");
            parameters.Add(("$key", key));
            parameters.Add(("$after", after.Seq));
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        var rows = await QueryAsync($"""
            SELECT {MatchColumns}, seq FROM matches {where}
            ORDER BY {column} {direction}, seq {direction} LIMIT $limit
            """, r => (ReadMatch(r), r.GetInt64(MatchColumnCount)), ct, [.. parameters]);
        return Page<Match>.FromRows(rows, pageSize, (m, seq) => MatchCursor.Write(f, m, seq));
    }

    public async Task<NeedView?> GetNeedAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {NeedColumns} FROM need_views WHERE id = $id", ReadNeed, ct, ("$id", id))).FirstOrDefault();

    public async Task<PledgeView?> GetPledgeAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {PledgeColumns} FROM pledge_views WHERE id = $id", ReadPledge, ct, ("$id", id))).FirstOrDefault();

    public Task<IReadOnlyList<FxRate>> ListFxRatesAsync(CancellationToken ct) =>
        QueryAsync("SELECT currency, usd_per_unit, as_of, source, version FROM fx_rates ORDER BY currency", ReadFx, ct);

    public Task<bool> PutFxRateAsync(FxRate rate, long expectedVersion, AuditEntry audit, CancellationToken ct) =>
        _writer.WriteAsync(
            "UPDATE fx_rates SET usd_per_unit = $rate, as_of = $asOf, source = $source, version = $version WHERE currency = $currency AND version = $expected",
            [("$rate", rate.UsdPerUnit.ToString(CultureInfo.InvariantCulture)), ("$asOf", rate.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
             ("$source", rate.Source), ("$version", rate.Version), ("$currency", rate.Currency), ("$expected", expectedVersion)],
            new Contracts.FxRateChanged(rate.Currency, rate.UsdPerUnit, rate.AsOf, rate.Source), audit, ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) =>
        SqliteAuditTrail.ListAsync(_database, entityId, ct);

    public async Task<bool> TransitionAsync(string matchId, string from, string to, string? decidedBy, DateTimeOffset? decidedAt, CancellationToken ct)
    {
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var command = connection.Command(
            $"UPDATE matches SET status = $to, decided_by = $by, decided_at = $at, version = version + 1, change_seq = {NextMatchSequence} " +
            "WHERE id = $id AND status = $from", null,
            ("$to", to), ("$by", decidedBy), ("$at", decidedAt is { } at ? Timestamp(at) : null), ("$id", matchId), ("$from", from));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public Task<bool> SettleDecisionAsync(Match decided, string from, object @event, AuditEntry audit, CancellationToken ct) =>
        _writer.WriteAsync(
            "UPDATE matches SET status = $status, decided_by = $decided_by, decided_at = $decided_at, reason = $reason, version = version + 1, " +
            $"change_seq = {NextMatchSequence} WHERE id = $id AND status = $from",
            [("$status", decided.Status), ("$decided_by", decided.DecidedBy), ("$decided_at", decided.DecidedAt is { } at ? Timestamp(at) : null),
             ("$reason", decided.Reason), ("$id", decided.Id), ("$from", from)],
            @event, audit, ct);

    /// <summary>The token goes up whenever the lease changes hands (a takeover of an expired lease, or a new holder after a release).</summary>
    public async Task<long?> TryAcquireSolverLeaseAsync(string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var command = connection.Command("""
            INSERT INTO leases(name, owner, expires_at, token) VALUES ('solver', $owner, $until, 1)
            ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
              token = CASE WHEN leases.owner = excluded.owner THEN leases.token ELSE leases.token + 1 END
            WHERE leases.expires_at < $now OR leases.owner = $owner
            RETURNING token
            """, null, ("$owner", owner), ("$until", Timestamp(now + ttl)), ("$now", Timestamp(now)));
        return await command.ExecuteScalarAsync(ct) is long token ? token : null;
    }

    public async Task ReleaseSolverLeaseAsync(string owner, CancellationToken ct)
    {
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var command = connection.Command(
            "UPDATE leases SET owner = '', expires_at = $free WHERE name = 'solver' AND owner = $owner", null,
            ("$owner", owner), ("$free", Timestamp(DateTimeOffset.MinValue)));
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task<IReadOnlyList<Match>> ListInFlightApprovalsAsync(DateTimeOffset claimedBefore, CancellationToken ct) =>
        QueryAsync($"SELECT {MatchColumns} FROM matches WHERE status IN ('approving', 'compensating') AND decided_at < $before ORDER BY id",
            ReadMatch, ct, ("$before", Timestamp(claimedBefore)));

    private void SeedDefaultFxRates()
    {
        using var connection = _database.Open();
        using var tx = connection.BeginTransaction();
        foreach (var c in Currencies.All)
        {
            using var command = connection.Command(
                "INSERT OR IGNORE INTO fx_rates(currency, usd_per_unit, as_of, source, version) VALUES ($c, $r, $d, $s, 1)", tx,
                ("$c", c.Code), ("$r", c.DefaultUsdPerUnit.ToString(CultureInfo.InvariantCulture)),
                ("$d", c.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("$s", c.Source));
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await ReadAllAsync(connection, null, sql, read, ct, parameters);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteConnection connection, SqliteTransaction? tx, string sql,
        Func<SqliteDataReader, T> read, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, tx, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }
}
