using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// The engine's input for each need and pledge (USD cents, earmark sets), kept between rounds beside the
/// <see cref="MarketCache"/>: an input is converted again only when its view was replaced, its remainder changed or
/// its currency's rate moved, so preparing a round converts and allocates for what changed, not for the whole market.
/// Keyed by the view instance the cache holds, so a view read again is converted again.
/// </summary>
public sealed class EngineInputs
{
    private readonly Dictionary<string, Kept<NeedView, NeedInput>> _needs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Kept<PledgeView, PledgeInput>> _pledges = new(StringComparer.Ordinal);

    private readonly record struct Kept<TView, TInput>(TView View, long RemainingMinor, decimal UsdPerUnit, TInput Input);

    /// <summary>Forgets every input (with the market cache, so nothing outlives the views it was made from).</summary>
    public void Clear()
    {
        _needs.Clear();
        _pledges.Clear();
    }

    public NeedInput Need(NeedView view, long remainingMinor, FxTable fx)
    {
        var rate = fx[view.Currency].UsdPerUnit;
        var found = _needs.TryGetValue(view.Id, out var kept) && ReferenceEquals(kept.View, view) && kept.UsdPerUnit == rate;
        if (found && kept.RemainingMinor == remainingMinor) return kept.Input;
        var usdCents = fx.ToUsdCentsFloor(remainingMinor, view.Currency);
        var input = found
            ? kept.Input with { RemainingUsdCents = usdCents }
            : new NeedInput(view.Id, view.Country, view.Sector, view.Instruments.ToHashSet(), ProposalBuilder.PriorityOf(view.Priority), usdCents,
                view.StartDate, view.EndDate);
        _needs[view.Id] = new(view, remainingMinor, rate, input);
        return input;
    }

    public PledgeInput Pledge(PledgeView view, long remainingMinor, FxTable fx)
    {
        var rate = fx[view.Currency].UsdPerUnit;
        var found = _pledges.TryGetValue(view.Id, out var kept) && ReferenceEquals(kept.View, view) && kept.UsdPerUnit == rate;
        if (found && kept.RemainingMinor == remainingMinor) return kept.Input;
        var usdCents = fx.ToUsdCentsFloor(remainingMinor, view.Currency);
        var input = found
            ? kept.Input with { RemainingUsdCents = usdCents }
            : new PledgeInput(view.Id, view.Countries.ToHashSet(), view.Sectors.ToHashSet(), view.Instrument, usdCents,
                view.MinAllocationMinor is { } min ? fx.ToUsdCentsCeiling(min, view.Currency) : null,
                view.MaxAllocationMinor is { } max ? fx.ToUsdCentsFloor(max, view.Currency) : null,
                view.AvailableFrom, view.AvailableUntil);
        _pledges[view.Id] = new(view, remainingMinor, rate, input);
        return input;
    }
}
