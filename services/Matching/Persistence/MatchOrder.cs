using System.Globalization;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// The <c>orderBy</c> of <c>GET /api/v1/matches</c>: a sort key, ascending or (with a leading <c>-</c>) descending, with
/// the commit sequence number as tie-breaker in the same direction (<c>proposedAt</c> is commit order itself: see
/// <see cref="MatchCursor"/>). <see cref="KeyOf"/> is the key's exact text as the stores compare it.
/// </summary>
public sealed record MatchOrder(string Name, MatchSortKey Key, bool Descending)
{
    public static readonly MatchOrder Default = new("proposedAt", MatchSortKey.ProposedAt, false);

    public static readonly IReadOnlyList<MatchOrder> All =
    [
        Default,
        new("-proposedAt", MatchSortKey.ProposedAt, true),
        new("amountUsd", MatchSortKey.AmountUsd, false),
        new("-amountUsd", MatchSortKey.AmountUsd, true),
        new("score", MatchSortKey.Score, false),
        new("-score", MatchSortKey.Score, true),
    ];

    /// <summary>The order named <paramref name="name"/> (the default when null), or null when no order has that name.</summary>
    public static MatchOrder? Parse(string? name) => name is null ? Default : All.FirstOrDefault(o => o.Name == name);

    public string KeyOf(Match match, long seq) => Key switch
    {
        MatchSortKey.ProposedAt => seq.ToString(CultureInfo.InvariantCulture),
        MatchSortKey.AmountUsd => match.UsdCents.ToString(CultureInfo.InvariantCulture),
        _ => match.Score.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Whether <paramref name="text"/> is a key of this order as <see cref="KeyOf"/> writes it.</summary>
    public bool IsKey(string text) => Key switch
    {
        MatchSortKey.ProposedAt => ServiceKit.Http.PageToken.IsSequence(text),
        MatchSortKey.AmountUsd => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score),
    };

    public static long AmountUsdOf(string key) => long.Parse(key, CultureInfo.InvariantCulture);

    public static double ScoreOf(string key) => double.Parse(key, CultureInfo.InvariantCulture);
}
