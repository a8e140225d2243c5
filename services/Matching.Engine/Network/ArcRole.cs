namespace Marketplace.Matching.Engine.Network;

/// <summary>What an arc of the transportation network stands for; decides how its flow maps back to allocations.</summary>
internal enum ArcRole
{
    /// <summary>Source → pledge: what the pledge has left.</summary>
    PledgeSupply,

    /// <summary>Source → sink at zero cost: money left unallocated, so the flow is optional.</summary>
    Unallocated,

    /// <summary>Pledge → its earmark profile (pledges with identical eligibility share one).</summary>
    PledgeToProfile,

    /// <summary>Profile → a need class all of whose needs are eligible for the profile.</summary>
    ProfileToClass,

    /// <summary>Need class → one of its needs.</summary>
    ClassToNeed,

    /// <summary>Need → sink: the need's gap; carries −(tie-break scale × priority weight) per cent.</summary>
    NeedGap,

    /// <summary>Explicit pledge → need arc for a pledge with a per-pair cap or minimum.</summary>
    Direct,

    /// <summary>Pledge → need arc up to last round's proposed amount, one cost unit cheaper: the stability tie-break.</summary>
    Preferred,
}
