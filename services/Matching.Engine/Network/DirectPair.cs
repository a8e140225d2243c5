namespace Marketplace.Matching.Engine.Network;

// The explicit arc of one (pledge, need) pair; forbidden when the pair breaks the pledge's minimum.
internal readonly record struct DirectPair(int Pledge, int Need, int Arc);
