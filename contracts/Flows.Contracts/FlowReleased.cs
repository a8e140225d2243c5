namespace Marketplace.Flows.Contracts;

/// <summary>
/// The undisbursed remainder of a cancelled flow is back: the pledge's allocation fell by
/// <see cref="Released"/> (pledge currency) and the need's funding by <see cref="NeedReleased"/> (need currency).
/// </summary>
public sealed record FlowReleased(FlowSnapshot Flow, decimal Released, decimal NeedReleased);
