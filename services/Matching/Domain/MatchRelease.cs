namespace Marketplace.Matching.Domain;

/// <summary>
/// What a cancelled flow gave back of an approved match: <see cref="PledgeMinor"/> (pledge currency) and
/// <see cref="NeedMinor"/> (need currency). The approved match no longer holds that capacity in a round.
/// </summary>
public sealed record MatchRelease(string MatchId, long PledgeMinor, long NeedMinor);
