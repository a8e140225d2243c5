using System.Globalization;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Turns an engine allocation (USD cents) into a match in the pledge's and the need's currencies,
/// never exceeding either side's remaining amount or the pledge's bounds, and explains it.
/// </summary>
public sealed class ProposalBuilder(FxTable fx, PriorityWeights weights, DateTimeOffset now, string roundId)
{
    public Match? Build(NeedView need, PledgeView pledge, long usdCents, long needRemainingMinor, long pledgeRemainingMinor)
    {
        var amount = Math.Min(fx.FromUsdCentsFloor(usdCents, pledge.Currency), pledgeRemainingMinor);
        if (pledge.MaxAllocationMinor is { } max) amount = Math.Min(amount, max);
        var rate = fx.CrossRate(pledge.Currency, need.Currency);
        var needAmount = FxTable.Convert(amount, pledge.Currency, rate, need.Currency);
        while (needAmount > needRemainingMinor && amount > 0)
        {
            // Rounding to the need's minor unit can overshoot its gap by a unit or two; shrink until it fits.
            var excess = needAmount - needRemainingMinor;
            amount -= Math.Max(1, FxTable.Convert(excess, need.Currency, fx.CrossRate(need.Currency, pledge.Currency), pledge.Currency));
            needAmount = FxTable.Convert(Math.Max(amount, 0), pledge.Currency, rate, need.Currency);
        }
        if (amount <= 0 || needAmount <= 0 || amount < (pledge.MinAllocationMinor ?? 0)) return null;

        var money = new Money(amount, pledge.Currency);
        var needMoney = new Money(needAmount, need.Currency);
        var share = (decimal)needAmount / need.AmountMinor;
        var weight = weights.Of(PriorityOf(need.Priority));
        return new Match(Ids.New("match"), need.Id, pledge.Id, need.Country, pledge.Donor, need.Sector, pledge.Instrument,
            money, needMoney, rate, Math.Round((double)share * weight, 4), Reasons(need, pledge, needMoney, share, rate, weight),
            MatchStatus.Proposed, now, null, null, null, roundId, usdCents, 1);
    }

    public static Priority PriorityOf(string priority) => priority switch
    {
        "critical" => Priority.Critical,
        "high" => Priority.High,
        "medium" => Priority.Medium,
        _ => Priority.Low,
    };

    private List<string> Reasons(NeedView need, PledgeView pledge, Money needAmount, decimal share, decimal rate, int weight)
    {
        var reasons = new List<string>
        {
            pledge.Countries.Count == 0
                ? $"The pledge is open to every MIRPS country, including {need.Country}."
                : $"The need's country ({need.Country}) is among the pledge's earmarked countries.",
            pledge.Sectors.Count == 0
                ? $"The pledge is open to every sector, including {need.Sector}."
                : $"Shared sector: {need.Sector}.",
            $"The need accepts the pledge's instrument ({pledge.Instrument}).",
            $"Need priority: {need.Priority} (weight {weight}).",
            string.Create(CultureInfo.InvariantCulture,
                $"Covers {share * 100:0.##}% of the need ({needAmount.AmountString} of {new Money(need.AmountMinor, need.Currency).AmountString} {need.Currency} requested)."),
        };
        if (pledge.Currency == need.Currency)
        {
            reasons.Add($"Same currency ({need.Currency}): no conversion.");
        }
        else
        {
            var from = fx[pledge.Currency];
            var to = fx[need.Currency];
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"FX rate {rate} {need.Currency} per {pledge.Currency} (USD per unit: {pledge.Currency} {from.UsdPerUnit} as of {from.AsOf:yyyy-MM-dd}, {need.Currency} {to.UsdPerUnit} as of {to.AsOf:yyyy-MM-dd})."));
        }
        if ((need.StartDate ?? need.EndDate) is not null && (pledge.AvailableFrom ?? pledge.AvailableUntil) is not null)
        {
            reasons.Add($"Date windows overlap: need {need.StartDate:yyyy-MM-dd}–{need.EndDate:yyyy-MM-dd}, pledge available {pledge.AvailableFrom:yyyy-MM-dd}–{pledge.AvailableUntil:yyyy-MM-dd}.");
        }
        return reasons;
    }
}
