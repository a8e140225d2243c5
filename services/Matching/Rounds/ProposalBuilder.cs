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
        if (needRemainingMinor <= 0 || pledgeRemainingMinor <= 0) return null;
        var (amount, needAmount) = Amounts(need, pledge, usdCents, needRemainingMinor, pledgeRemainingMinor);
        if (amount <= 0 || needAmount <= 0 || amount < (pledge.MinAllocationMinor ?? 0)) return null;
        var rate = fx.CrossRate(pledge.Currency, need.Currency);

        var money = new Money(amount, pledge.Currency);
        var needMoney = new Money(needAmount, need.Currency);
        var share = (decimal)needAmount / need.AmountMinor;
        var weight = weights.Of(PriorityOf(need.Priority));
        return new Match(Ids.New("match"), need.Id, pledge.Id, need.Country, pledge.Donor, need.Sector, pledge.Instrument,
            money, needMoney, rate, Math.Round((double)share * weight, 4), Reasons(need, pledge, needMoney, share, rate, weight),
            MatchStatus.Proposed, now, null, null, null, roundId, usdCents, 1);
    }

    /// <summary>
    /// The pledge-currency amount and the need-currency amount of an allocation of <paramref name="usdCents"/>,
    /// by API.md's rounding rule. The engine counts in whole USD cents, floored on both sides, so an allocation
    /// that takes a side's whole remainder as the engine saw it takes that remainder exactly: the smallest
    /// pledge amount that covers the need's gap, or the pledge's whole remainder. Then a difference from the
    /// other side's remainder smaller than one minor unit of the other currency is conversion dust and is
    /// closed, so no approval leaves a remainder that no allocation could ever carry.
    /// </summary>
    public (long Amount, long NeedAmount) Amounts(NeedView need, PledgeView pledge, long usdCents, long needRemainingMinor, long pledgeRemainingMinor)
    {
        var rate = fx.CrossRate(pledge.Currency, need.Currency);
        var backRate = fx.CrossRate(need.Currency, pledge.Currency);
        // Every smaller amount converts to less than the gap, so this is the only amount that funds the need.
        var covering = FxTable.SmallestCovering(needRemainingMinor, need.Currency, rate, pledge.Currency);
        var cap = Math.Min(pledgeRemainingMinor, pledge.MaxAllocationMinor ?? long.MaxValue);
        var amount = usdCents >= fx.ToUsdCentsFloor(needRemainingMinor, need.Currency) ? covering
            : usdCents >= fx.ToUsdCentsFloor(pledgeRemainingMinor, pledge.Currency) ? pledgeRemainingMinor
            : fx.FromUsdCentsFloor(usdCents, pledge.Currency);
        amount = Math.Min(amount, Math.Min(cap, covering));

        var pledgeDust = FxTable.MinorUnitValue(need.Currency, backRate, pledge.Currency);
        if (pledgeRemainingMinor - amount is > 0 and var left && left < pledgeDust && pledgeRemainingMinor <= cap)
        {
            amount = pledgeRemainingMinor;
        }
        if (amount >= covering)
        {
            return (amount, needRemainingMinor);
        }

        var needAmount = FxTable.Convert(amount, pledge.Currency, rate, need.Currency);
        var needDust = FxTable.MinorUnitValue(pledge.Currency, rate, need.Currency);
        return needRemainingMinor - needAmount < needDust ? (amount, needRemainingMinor) : (amount, needAmount);
    }

    public static Priority PriorityOf(string priority) => priority switch
    {
        "critical" => Priority.Critical,
        "high" => Priority.High,
        "medium" => Priority.Medium,
        _ => Priority.Low,
    };

    private List<MatchReason> Reasons(NeedView need, PledgeView pledge, Money needAmount, decimal share, decimal rate, int weight)
    {
        var requested = new Money(need.AmountMinor, need.Currency).AmountString;
        var percent = (share * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var reasons = new List<MatchReason>
        {
            pledge.Countries.Count == 0
                ? Reason(MatchReasonCodes.CountryOpen, $"The pledge is open to every MIRPS country, including {need.Country}.", ("country", need.Country))
                : Reason(MatchReasonCodes.CountryEarmarked, $"The need's country ({need.Country}) is among the pledge's earmarked countries.", ("country", need.Country)),
            pledge.Sectors.Count == 0
                ? Reason(MatchReasonCodes.SectorOpen, $"The pledge is open to every sector, including {need.Sector}.", ("sector", need.Sector))
                : Reason(MatchReasonCodes.SectorShared, $"Shared sector: {need.Sector}.", ("sector", need.Sector)),
            Reason(MatchReasonCodes.InstrumentAccepted, $"The need accepts the pledge's instrument ({pledge.Instrument}).", ("instrument", pledge.Instrument)),
            Reason(MatchReasonCodes.Priority, $"Need priority: {need.Priority} (weight {weight}).",
                ("priority", need.Priority), ("weight", weight.ToString(CultureInfo.InvariantCulture))),
            Reason(MatchReasonCodes.Coverage, $"Covers {percent}% of the need ({needAmount.AmountString} of {requested} {need.Currency} requested).",
                ("percent", percent), ("amount", needAmount.AmountString), ("requested", requested), ("currency", need.Currency)),
        };
        if (pledge.Currency == need.Currency)
        {
            reasons.Add(Reason(MatchReasonCodes.SameCurrency, $"Same currency ({need.Currency}): no conversion.", ("currency", need.Currency)));
        }
        else
        {
            var from = fx[pledge.Currency];
            var to = fx[need.Currency];
            string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
            string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            reasons.Add(Reason(MatchReasonCodes.FxRate,
                $"FX rate {Text(rate)} {need.Currency} per {pledge.Currency} (USD per unit: {pledge.Currency} {Text(from.UsdPerUnit)} as of {Day(from.AsOf)}, {need.Currency} {Text(to.UsdPerUnit)} as of {Day(to.AsOf)}).",
                ("rate", Text(rate)), ("needCurrency", need.Currency), ("pledgeCurrency", pledge.Currency),
                ("pledgeUsdPerUnit", Text(from.UsdPerUnit)), ("pledgeAsOf", Day(from.AsOf)), ("needUsdPerUnit", Text(to.UsdPerUnit)), ("needAsOf", Day(to.AsOf))));
        }
        if ((need.StartDate ?? need.EndDate) is not null && (pledge.AvailableFrom ?? pledge.AvailableUntil) is not null)
        {
            string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
            reasons.Add(Reason(MatchReasonCodes.DatesOverlap,
                $"Date windows overlap: need {Day(need.StartDate)}–{Day(need.EndDate)}, pledge available {Day(pledge.AvailableFrom)}–{Day(pledge.AvailableUntil)}.",
                ("needStart", Day(need.StartDate)), ("needEnd", Day(need.EndDate)), ("pledgeFrom", Day(pledge.AvailableFrom)), ("pledgeUntil", Day(pledge.AvailableUntil))));
        }
        return reasons;
    }

    private static MatchReason Reason(string code, string text, params (string Name, string Value)[] parameters) =>
        new(code, parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal), text);
}
