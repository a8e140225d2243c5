namespace Marketplace.Matching.Engine.Network;

/// <summary>
/// One arc. <paramref name="From"/> and <paramref name="To"/> are the indices of the pledge, profile, class
/// or need at each end, as <paramref name="Role"/> says, so flows map back without a node lookup.
/// </summary>
internal readonly record struct NetworkArc(int Tail, int Head, long Capacity, long Cost, ArcRole Role, int From, int To);
