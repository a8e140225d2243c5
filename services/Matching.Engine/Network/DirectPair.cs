namespace Marketplace.Matching.Engine.Network;

// The explicit arcs of one (pledge, need) pair: the regular one and, when last round proposed this pair,
// the preferred one. Both are forbidden together when the pair breaks the pledge's minimum.
internal readonly record struct DirectPair(int Pledge, int Need, int RegularArc, int PreferredArc);
