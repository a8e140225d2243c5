namespace Marketplace.Soak;

/// <summary>The measured figures of one soak run.</summary>
public sealed record SoakResult(SoakOptions Options, string[] Arguments, TimeSpan Traffic, TimeSpan Settled,
    IReadOnlyDictionary<string, int> Operations, IReadOnlyList<(string What, TimeSpan Recovery)> Kills, int UnexpectedServerErrors,
    InvariantReport Invariants, TimeSpan Total);
