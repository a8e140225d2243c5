using Marketplace.Identity.Organisations.Domain;
using Marketplace.ServiceKit.Audit;

namespace Marketplace.Identity.Organisations.Persistence;

/// <summary>
/// The organisation registry and the chair term, with their audit trail (entity ids <c>org_&lt;code&gt;</c>
/// and <c>chair</c>). One SQLite and one MongoDB implementation, pinned by the shared contract suite.
/// </summary>
public interface IOrganisationStore
{
    /// <summary>What the store needs before it serves (MongoDB: the audit trail's index; idempotent).</summary>
    Task InitializeAsync(CancellationToken ct);

    Task<IReadOnlyList<Organisation>> ListAsync(CancellationToken ct);

    Task<Organisation?> GetAsync(string code, CancellationToken ct);

    /// <summary>Stores the organisations not stored yet; a stored one keeps what it has (its IATI identifier may have been changed since).</summary>
    Task<int> AddMissingAsync(IReadOnlyList<Organisation> organisations, CancellationToken ct);

    /// <returns>The organisation as changed, or null when no organisation has that code.</returns>
    Task<Organisation?> SetIatiAsync(string code, IatiIdentifier iati, AuditEntry audit, CancellationToken ct);

    Task<ChairTerm?> GetChairTermAsync(CancellationToken ct);

    Task SetChairTermAsync(ChairTerm term, AuditEntry audit, CancellationToken ct);

    /// <summary>Sets the term only when none was ever set (the demo's seed); false when one exists.</summary>
    Task<bool> SetFirstChairTermAsync(ChairTerm term, AuditEntry audit, CancellationToken ct);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct);
}
