namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Names one capacity and its commitment ledger: the entity table and its used column (a need's
/// funded amount, a pledge's allocated amount), the status words of its lifecycle, and the ledger table.
/// A ledger row's <c>amount_minor</c> is what the match counts: all of it while <c>committed</c>, what stays
/// after a release (0, or the disbursed part of a cancelled flow) once <c>released</c>.
/// </summary>
public sealed record LedgerTable(string EntityTable, string UsedColumn, string PartialStatus, string FullStatus, string Ledger)
{
    public string Schema => $"""
        CREATE TABLE IF NOT EXISTS {Ledger} (
          match_id TEXT PRIMARY KEY, entity_id TEXT NOT NULL, amount_minor INTEGER NOT NULL, state TEXT NOT NULL, at TEXT NOT NULL);
        """;
}
