using Marketplace.Matching.Contracts;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Which needs a round reports as holding bilateral proposals (<see cref="MatchingRoundCompleted.Needs"/>), for the
/// needs service's MIRPS Fund referral clock: a need when it first holds one or its coverage of the gap
/// changes, and again at least every <see cref="Refresh"/> while it keeps holding one, so that a proposal left
/// undecided for weeks still counts. Reports are idempotent there (the clock only moves forward, a lift happens
/// once), so a replica that has just started or taken over the rounds simply reports its first round in full.
/// </summary>
public sealed class ProposalActivityReport
{
    public static readonly TimeSpan Refresh = TimeSpan.FromHours(6);

    // The needs reported and still holding a proposal, oldest report first, so a round finds the reports due for a refresh
    // at the front instead of passing over every need.
    private readonly Dictionary<string, LinkedListNode<Reported>> _reported = new(StringComparer.Ordinal);
    private readonly LinkedList<Reported> _byAge = new();
    private readonly Lock _lock = new();

    private sealed record Reported(string NeedId, DateTimeOffset At, bool CoversGap);

    /// <param name="needs">
    /// Needs whose bilateral proposals may have changed this round: whether their proposals cover the remaining gap, or
    /// null when they hold none any more.
    /// </param>
    /// <param name="complete">Whether <paramref name="needs"/> lists every need holding a proposal (a full round): the rest hold none.</param>
    public IReadOnlyList<NeedProposalActivity> Next(IReadOnlyDictionary<string, bool?> needs, bool complete, DateTimeOffset now)
    {
        var report = new List<NeedProposalActivity>();
        lock (_lock)
        {
            if (complete)
            {
                foreach (var gone in _reported.Keys.Where(id => needs.GetValueOrDefault(id) is null).ToList()) Forget(gone);
            }

            foreach (var (needId, covers) in needs)
            {
                if (covers is not { } coversGap)
                {
                    Forget(needId);
                    continue;
                }

                if (_reported.TryGetValue(needId, out var last) && last.Value.CoversGap == coversGap && now - last.Value.At < Refresh) continue;
                Report(needId, coversGap, now, report);
            }

            while (_byAge.First is { } oldest && now - oldest.Value.At >= Refresh)
            {
                Report(oldest.Value.NeedId, oldest.Value.CoversGap, now, report);
            }
        }
        return report;
    }

    private void Report(string needId, bool coversGap, DateTimeOffset now, List<NeedProposalActivity> report)
    {
        Forget(needId);
        _reported[needId] = _byAge.AddLast(new Reported(needId, now, coversGap));
        report.Add(new NeedProposalActivity(needId, coversGap));
    }

    private void Forget(string needId)
    {
        if (_reported.Remove(needId, out var node)) _byAge.Remove(node);
    }

    /// <summary>Forgets what was reported (a round's event was not stored), so the next round reports every need.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _reported.Clear();
            _byAge.Clear();
        }
    }
}
