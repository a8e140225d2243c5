namespace Marketplace.Matching.Engine.Fund;

/// <summary>The two stages of a round: the bilateral optimum, then the MIRPS Fund's allocations on what it left.</summary>
public sealed record LexicographicResult(MatchingResult Bilateral, MatchingResult Fund)
{
    /// <summary>Bilateral allocations first, so that a host building proposals in order never lets Fund money go first.</summary>
    public IEnumerable<Allocation> Allocations => Bilateral.Allocations.Concat(Fund.Allocations);
}
