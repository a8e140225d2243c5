namespace Marketplace.Needs.Contracts;

/// <summary>
/// A need was referred to the MIRPS Fund (API.md "MIRPS Fund"): by its state or the secretariat
/// (<see cref="By"/> is the person's id) or automatically (<see cref="By"/> is <c>system</c>).
/// </summary>
public sealed record NeedReferred(NeedSnapshot Need, DateTimeOffset At, string Reason, string By);
