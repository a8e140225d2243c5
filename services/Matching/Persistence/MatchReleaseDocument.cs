using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>A <see cref="MatchRelease"/> in MongoDB, keyed by match id (a flow is released once).</summary>
public sealed record MatchReleaseDocument(string Id, long PledgeMinor, long NeedMinor)
{
    public static MatchReleaseDocument From(MatchRelease r) => new(r.MatchId, r.PledgeMinor, r.NeedMinor);

    public MatchRelease ToRelease() => new(Id, PledgeMinor, NeedMinor);
}
