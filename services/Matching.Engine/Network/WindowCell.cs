namespace Marketplace.Matching.Engine.Network;

// The layer between earmark profiles and need classes: everything a pledge's eligibility for the needs of one
// (country, sector) depends on. Every profile reaching the cell covers its country and sector, has its
// instrument and exactly its window, so every pledge behind it is eligible for every need of every class
// the cell reaches (same cell, overlapping window). Profiles then cost one arc per cell they cover instead
// of one per class (a cell holds one class per distinct need window), and the cell's classes are linked once
// for all profiles sharing the window instead of once per profile.
internal readonly record struct WindowCell(string Country, string Sector, string Instrument, DateOnly? From, DateOnly? Until);
