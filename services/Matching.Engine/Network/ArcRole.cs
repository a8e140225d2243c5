namespace Marketplace.Matching.Engine.Network;

// What an arc of the transportation network stands for; decides how its flow maps back to allocations.
internal enum ArcRole
{
    // Source → pledge: what the pledge has left.
    PledgeSupply,

    // Source → sink at zero cost: money left unallocated, so the flow is optional.
    Unallocated,

    // Pledge → its earmark profile (pledges with identical eligibility share one).
    PledgeToProfile,

    // Profile → a window cell (country, sector, instrument, pledge window) inside the profile's earmarks.
    ProfileToCell,

    // Window cell → a need class of its (country, sector, instrument) whose window overlaps the cell's.
    CellToClass,

    // Need class → one of its needs.
    ClassToNeed,

    // Need → sink: the need's gap; carries −(priority weight) per cent.
    NeedGap,

    // Explicit pledge → need arc for a pledge with a per-pair cap or minimum.
    Direct,

    // Pledge with a binding cap (and nothing else per pair) → the gap chain node of a class below which every
    // need's gap is at most the cap (see TransportationNetworkBuilder.AddCappedPledge).
    PledgeToChain,

    // Gap chain node → the next smaller gap's node of the same class.
    ChainLink,

    // Gap chain node → its need.
    ChainToNeed,
}
