namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// One match's commitment against a capacity, keyed by match id: <c>committed</c> with its amount, or
/// <c>released</c> (after a commit, or as a tombstone that refuses a late commit). The amount of a released
/// entry is what stays counted: 0, or the disbursed part of a cancelled flow (a partial release).
/// </summary>
public sealed record LedgerEntryDocument(string Id, string EntityId, long AmountMinor, string State, DateTimeOffset At)
{
    public const string Committed = "committed";
    public const string Released = "released";
}
