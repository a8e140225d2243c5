namespace Marketplace.Identity.Users;

/// <summary>Which organisation holds the Support Platform chair now: only its people may be made chair delegates.</summary>
public interface IChairTermReader
{
    /// <returns>The chair organisation's code, or null when no term is in force.</returns>
    Task<string?> CurrentChairOrgAsync(CancellationToken cancellationToken);
}
