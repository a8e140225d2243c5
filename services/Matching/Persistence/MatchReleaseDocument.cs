using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// A <see cref="MatchRelease"/> in MongoDB, keyed by match id (a flow is released once); <c>seq</c> is its number in the
/// match change sequence.
/// </summary>
public sealed record MatchReleaseDocument(string Id, long PledgeMinor, long NeedMinor, long Seq = 0)
{
    public static MatchReleaseDocument From(MatchRelease r, long seq) => new(r.MatchId, r.PledgeMinor, r.NeedMinor, seq);

    public MatchRelease ToRelease() => new(Id, PledgeMinor, NeedMinor);
}
