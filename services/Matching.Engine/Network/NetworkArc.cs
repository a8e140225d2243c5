namespace Marketplace.Matching.Engine.Network;

// One arc. From and To are the indices of the pledge, profile, class
// or need at each end, as Role says, so flows map back without a node lookup.
internal readonly record struct NetworkArc(int Tail, int Head, long Capacity, long Cost, ArcRole Role, int From, int To);
