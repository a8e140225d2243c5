namespace Marketplace.Matching.Chair;

/// <summary>Where the matching service learns who holds the chair (the identity service owns the term).</summary>
public interface IChairTermSource
{
    /// <returns>The current term, or null when none was ever set.</returns>
    /// <exception cref="ChairTermUnavailableException">The owner of the term cannot be asked now.</exception>
    Task<ChairTerm?> GetAsync(CancellationToken ct);
}
