using System.Globalization;
using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Matching.Persistence;

/// <summary>Row mapping of the matching tables.</summary>
internal static class SqliteMatchRows
{
    public const string NeedColumns = "id, country, sector, title, instruments, priority, amount_minor, funded_minor, currency, status, start_date, end_date, version, referred";
    public const string PledgeColumns = "id, donor, title, instrument, countries, sectors, amount_minor, allocated_minor, currency, min_allocation_minor, max_allocation_minor, available_from, available_until, status, version";
    public const string MatchColumns = "id, need_id, pledge_id, country, donor, sector, instrument, amount_minor, currency, need_amount_minor, need_currency, fx_rate, score, reasons, status, proposed_at, decided_at, decided_by, reason, round_id, usd_cents, version";

    public static readonly int MatchColumnCount = MatchColumns.Split(", ").Length;

    public static string Parameters(string columns) => string.Join(", ", columns.Split(", ").Select(c => "$" + c));

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ReadDate(SqliteDataReader r, int i) =>
        r.GetNullableString(i) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset ReadTimestamp(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    public static (string, object?)[] Bind(NeedView n) =>
    [
        ("$id", n.Id), ("$country", n.Country), ("$sector", n.Sector), ("$title", n.Title),
        ("$instruments", JsonSerializer.Serialize(n.Instruments)), ("$priority", n.Priority), ("$amount_minor", n.AmountMinor),
        ("$funded_minor", n.FundedMinor), ("$currency", n.Currency), ("$status", n.Status), ("$start_date", Date(n.StartDate)),
        ("$end_date", Date(n.EndDate)), ("$version", n.Version), ("$referred", n.Referred ? 1 : 0),
    ];

    public static NeedView ReadNeed(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), JsonSerializer.Deserialize<List<string>>(r.GetString(4))!,
        r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.GetString(8), r.GetString(9), ReadDate(r, 10), ReadDate(r, 11), r.GetInt64(12),
        r.GetInt64(13) == 1);

    public static (string, object?)[] Bind(PledgeView p) =>
    [
        ("$id", p.Id), ("$donor", p.Donor), ("$title", p.Title), ("$instrument", p.Instrument),
        ("$countries", JsonSerializer.Serialize(p.Countries)), ("$sectors", JsonSerializer.Serialize(p.Sectors)),
        ("$amount_minor", p.AmountMinor), ("$allocated_minor", p.AllocatedMinor), ("$currency", p.Currency),
        ("$min_allocation_minor", p.MinAllocationMinor), ("$max_allocation_minor", p.MaxAllocationMinor),
        ("$available_from", Date(p.AvailableFrom)), ("$available_until", Date(p.AvailableUntil)), ("$status", p.Status),
        ("$version", p.Version),
    ];

    public static PledgeView ReadPledge(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), JsonSerializer.Deserialize<List<string>>(r.GetString(4))!,
        JsonSerializer.Deserialize<List<string>>(r.GetString(5))!, r.GetInt64(6), r.GetInt64(7), r.GetString(8),
        r.GetNullableInt64(9), r.GetNullableInt64(10), ReadDate(r, 11), ReadDate(r, 12), r.GetString(13), r.GetInt64(14));

    public static (string, object?)[] Bind(Match m) =>
    [
        ("$id", m.Id), ("$need_id", m.NeedId), ("$pledge_id", m.PledgeId), ("$country", m.Country), ("$donor", m.Donor),
        ("$sector", m.Sector), ("$instrument", m.Instrument), ("$amount_minor", m.Amount.Minor), ("$currency", m.Amount.Currency),
        ("$need_amount_minor", m.NeedAmount.Minor), ("$need_currency", m.NeedAmount.Currency),
        ("$fx_rate", m.FxRate.ToString(CultureInfo.InvariantCulture)), ("$score", m.Score),
        ("$reasons", MatchReasonsJson.Write(m.Reasons)), ("$status", m.Status), ("$proposed_at", Timestamp(m.ProposedAt)),
        ("$decided_at", m.DecidedAt is { } d ? Timestamp(d) : null), ("$decided_by", m.DecidedBy), ("$reason", m.Reason),
        ("$round_id", m.RoundId), ("$usd_cents", m.UsdCents), ("$version", m.Version),
    ];

    public static Match ReadMatch(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        new Money(r.GetInt64(7), r.GetString(8)), new Money(r.GetInt64(9), r.GetString(10)),
        decimal.Parse(r.GetString(11), CultureInfo.InvariantCulture), r.GetDouble(12),
        MatchReasonsJson.Read(r.GetString(13)), r.GetString(14), ReadTimestamp(r.GetString(15)),
        r.GetNullableString(16) is { } decided ? ReadTimestamp(decided) : null, r.GetNullableString(17), r.GetNullableString(18),
        r.GetString(19), r.GetInt64(20), r.GetInt64(21));

    public static FxRate ReadFx(SqliteDataReader r) => new(
        r.GetString(0), decimal.Parse(r.GetString(1), CultureInfo.InvariantCulture),
        DateOnly.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(3), r.GetInt64(4));
}
