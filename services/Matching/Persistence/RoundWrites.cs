using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// Writes a round in bounded chunks instead of one transaction (a 50,000-proposal round in one MongoDB
/// transaction would outlive the server's 60 s transaction lifetime and its 16 MB limit). The order keeps
/// every intermediate state one that a reader may act on:
/// <list type="number">
/// <item>the dropped proposals are superseded, chunk by chunk;</item>
/// <item>the new proposals are inserted, chunk by chunk (idempotently: a chunk written again adds nothing);</item>
/// <item>the round record and its event are written last, the marker that the round is complete.</item>
/// </list>
/// A reader in the middle sees the kept proposals and part of the new ones, never a dropped proposal
/// beside its replacement, so the proposals it sees never hold more of a need or a pledge than the round
/// meant; it sees no round record and no round event until every proposal is in. A round cut short leaves
/// such a subset, which the next round (which reads the current proposals) completes. Every chunk carries
/// the solver lease's fencing token, and a chunk from a holder whose lease was taken over is refused.
/// </summary>
public static class RoundWrites
{
    /// <summary>Writes per transaction: milliseconds of work, far inside the transaction lifetime and size limits.</summary>
    public const int ChunkSize = 1_000;

    public static async Task ApplyRoundAsync(this IMatchingStore store, RoundRecord round, IReadOnlyList<Match> added,
        IReadOnlyList<string> superseded, object roundEvent, long fencingToken, CancellationToken ct)
    {
        foreach (var chunk in superseded.Chunk(ChunkSize))
        {
            await store.SupersedeProposalsAsync(chunk, fencingToken, ct);
        }
        foreach (var chunk in added.Chunk(ChunkSize))
        {
            await store.AddProposalsAsync(chunk, fencingToken, ct);
        }
        await store.CompleteRoundAsync(round, roundEvent, fencingToken, ct);
    }
}
