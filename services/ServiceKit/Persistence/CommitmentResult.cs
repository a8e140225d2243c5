namespace Marketplace.ServiceKit.Persistence;

/// <summary>What happened to a commitment (an approved match's share of a need or a pledge).</summary>
public enum CommitmentResult
{
    /// <summary>Applied now.</summary>
    Applied,

    /// <summary>Already applied earlier for this match: nothing counted twice.</summary>
    AlreadyApplied,

    /// <summary>Released now, or already released, or never committed (a tombstone now refuses it).</summary>
    Released,

    /// <summary>The match's commitment was released before: a late commit is refused.</summary>
    RefusedAfterRelease,

    /// <summary>It would take the total past the capacity (over-fund or over-allocate).</summary>
    WouldExceed,

    /// <summary>The need or pledge is withdrawn.</summary>
    Withdrawn,

    /// <summary>The amount is not in the need's or pledge's currency.</summary>
    CurrencyMismatch,

    NotFound,

    /// <summary>A partial release asked to keep more than the match committed.</summary>
    KeepExceedsCommitment,
}
