using Marketplace.Contracts;

namespace Marketplace.Flows.Domain;

/// <summary>The donor's signed commitment: at most the approved amount, in the pledge's currency.</summary>
public sealed record FlowCommitment(DateOnly SignedOn, string Reference, Money Amount, string By, DateTimeOffset At);
