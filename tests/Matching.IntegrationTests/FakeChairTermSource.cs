using Marketplace.Matching.Chair;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>The chair term as a test sets it, or an identity service that cannot be reached.</summary>
public sealed class FakeChairTermSource : IChairTermSource
{
    public ChairTerm? Term { get; set; } = new("ES", new DateOnly(2026, 1, 1), null);

    public bool Unavailable { get; set; }

    public Task<ChairTerm?> GetAsync(CancellationToken ct) =>
        Unavailable ? throw new ChairTermUnavailableException("the identity service is down (test)") : Task.FromResult(Term);
}
