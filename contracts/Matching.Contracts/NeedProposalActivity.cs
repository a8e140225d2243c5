namespace Marketplace.Matching.Contracts;

/// <summary>
/// A need that holds bilateral proposals at the end of a matching round (MIRPS Fund proposals do not
/// count). <see cref="CoversGap"/>: those proposals together cover the need's whole remaining gap.
/// </summary>
public sealed record NeedProposalActivity(string NeedId, bool CoversGap);
