using Marketplace.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;

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

    private readonly Dictionary<string, (DateTimeOffset At, bool CoversGap)> _reported = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="current">The round's proposals after it ran.</param>
    /// <param name="needRemaining">Each open need's remaining gap (need currency minor units) after approvals.</param>
    public IReadOnlyList<NeedProposalActivity> Next(IEnumerable<Match> current, IReadOnlyDictionary<string, long> needRemaining, DateTimeOffset now)
    {
        var holding = current.Where(m => m.Donor != Codelists.Fund)
            .GroupBy(m => m.NeedId)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.NeedAmount.Minor) >= needRemaining.GetValueOrDefault(g.Key));
        var report = new List<NeedProposalActivity>();
        lock (_lock)
        {
            foreach (var gone in _reported.Keys.Where(id => !holding.ContainsKey(id)).ToList()) _reported.Remove(gone);
            foreach (var (needId, covers) in holding)
            {
                if (_reported.TryGetValue(needId, out var last) && last.CoversGap == covers && now - last.At < Refresh) continue;
                _reported[needId] = (now, covers);
                report.Add(new NeedProposalActivity(needId, covers));
            }
        }
        return report;
    }

    /// <summary>Forgets what was reported (a round's event was not stored), so the next round reports every need.</summary>
    public void Reset()
    {
        lock (_lock) _reported.Clear();
    }
}
