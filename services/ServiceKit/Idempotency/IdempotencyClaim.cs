namespace Marketplace.ServiceKit.Idempotency;

/// <summary>What claiming an idempotency key found.</summary>
public enum ClaimOutcome
{
    /// <summary>The key is this request's now: run it, then complete or release the claim.</summary>
    Claimed,

    /// <summary>A request with the same key and body completed: replay <see cref="IdempotencyClaim.Response"/>.</summary>
    Replay,

    /// <summary>A request with the same key and body is still running.</summary>
    InProgress,

    /// <summary>The key was used with a different body.</summary>
    Mismatch,
}

/// <summary>The outcome of a claim, with the stored response of a replay.</summary>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, StoredResponse? Response = null);
