using Marketplace.Contracts;

namespace Marketplace.Flows.Domain;

/// <summary>
/// Why and by whom a flow was cancelled, and what goes back: <see cref="Released"/> (pledge currency) and
/// <see cref="NeedReleased"/> (need currency). <see cref="ReleasedAt"/> is set once both the pledges and
/// the needs services have released it; until then the release is retried (docs/flows.md).
/// </summary>
public sealed record FlowCancellation(string Reason, string By, string ByOrg, DateTimeOffset At, Money Released, Money NeedReleased,
    DateTimeOffset? ReleasedAt);
