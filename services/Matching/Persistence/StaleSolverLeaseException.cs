namespace Marketplace.Matching.Persistence;

/// <summary>
/// A round write carried a fencing token that is no longer the solver lease's: another replica took the
/// lease over (this one paused past its lease: a GC pause, a stalled node), so this round's writes are
/// refused and the newer holder's round decides.
/// </summary>
public sealed class StaleSolverLeaseException(long token)
    : InvalidOperationException($"The solver lease was taken over: fencing token {token} is stale; the round's write was refused.")
{
    public long Token { get; } = token;
}
