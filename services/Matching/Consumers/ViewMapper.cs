using System.Globalization;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;

namespace Marketplace.Matching.Consumers;

/// <summary>Maps need and pledge events and gRPC messages onto the matching service's views.</summary>
public static class ViewMapper
{
    public static NeedView From(NeedSnapshot n) => new(
        n.Id, n.Country, n.Sector, n.Title, n.Instruments, n.Priority, Minor(n.Amount, n.Currency), Minor(n.Funded, n.Currency),
        n.Currency, n.Status, n.StartDate, n.EndDate, n.Version, n.Referral is not null);

    public static PledgeView From(PledgeSnapshot p) => new(
        p.Id, p.Donor, p.Title, p.Instrument, p.Countries, p.Sectors, Minor(p.Amount, p.Currency), Minor(p.Allocated, p.Currency),
        p.Currency, p.MinAllocation is { } min ? Minor(min, p.Currency) : null, p.MaxAllocation is { } max ? Minor(max, p.Currency) : null,
        p.AvailableFrom, p.AvailableUntil, p.Status, p.Version);

    public static NeedView From(Needs.Grpc.V1.Need n) => new(
        n.Id, n.Country, n.Sector, n.Title, [.. n.Instruments], n.Priority, Minor(n.Amount, n.Currency), Minor(n.Funded, n.Currency),
        n.Currency, n.Status, Date(n.StartDate), Date(n.EndDate), n.Version, n.Referred);

    public static PledgeView From(Pledges.Grpc.V1.Pledge p) => new(
        p.Id, p.Donor, p.Title, p.Instrument, [.. p.Countries], [.. p.Sectors], Minor(p.Amount, p.Currency), Minor(p.Allocated, p.Currency),
        p.Currency, OptionalMinor(p.MinAllocation, p.Currency), OptionalMinor(p.MaxAllocation, p.Currency),
        Date(p.AvailableFrom), Date(p.AvailableUntil), p.Status, p.Version);

    private static long Minor(decimal amount, string currency) => Money.FromDecimal(amount, currency).Minor;

    private static long Minor(string amount, string currency) =>
        Minor(decimal.Parse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), currency);

    private static long? OptionalMinor(string amount, string currency) => amount.Length == 0 ? null : Minor(amount, currency);

    private static DateOnly? Date(string value) =>
        value.Length == 0 ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
