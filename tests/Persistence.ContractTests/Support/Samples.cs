using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Needs.Domain;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>Valid domain objects with only what a test varies spelled out.</summary>
public static class Samples
{
    public static readonly Caller Chair = new("chair-1", Roles.Chair, "CR");

    public static Need Need(DateTimeOffset at, string country = "SV", string sector = "health", long amountMinor = 100_000,
        string currency = "USD", long fundedMinor = 0, bool withdrawn = false, long version = 1) =>
        new(Ids.New("need"),
            new NeedDraft(country, $"Need in {country}", "A description", sector, new Money(amountMinor, currency), ["grant", "loan"],
                "high", 12_000, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), "San Salvador", "REF-1"),
            fundedMinor, withdrawn, at, at, version);

    public static Pledge Pledge(DateTimeOffset at, string donor = "EU", string[]? countries = null, string[]? sectors = null,
        string instrument = "grant", long amountMinor = 500_000, string currency = "EUR", long version = 1) =>
        new(Ids.New("pledge"), donor,
            new PledgeDraft($"Pledge of {donor}", null, new Money(amountMinor, currency), instrument, countries ?? [], sectors ?? [],
                new Money(1_000, currency), null, new DateOnly(2027, 1, 1), null, "Reporting every quarter"),
            0, false, at, at, version);

    public static AuditEntry Audit(DateTimeOffset at, string entityId, string action) =>
        new(at, "client-1", "SV", action, entityId, new JsonObject { ["note"] = "x", ["count"] = 3, ["amount"] = MoneyJson.From(new Money(12_345, "USD")) });

    public static NeedView NeedView(string id, long version, string status = "open", long fundedMinor = 0) =>
        new(id, "SV", "health", "A need", ["grant"], "high", 100_000, fundedMinor, "USD", status, new DateOnly(2027, 1, 1), null, version);

    public static PledgeView PledgeView(string id, long version, string status = "open") =>
        new(id, "EU", "A pledge", "grant", ["SV"], [], 500_000, 0, "EUR", 1_000, null, null, new DateOnly(2027, 6, 30), status, version);

    public static Match Match(DateTimeOffset at, string roundId, string needId = "need_1", string pledgeId = "pledge_1", string country = "SV",
        string donor = "EU", string status = MatchStatus.Proposed) =>
        new(Ids.New("match"), needId, pledgeId, country, donor, "health", "grant", new Money(10_000, "EUR"), new Money(10_850, "USD"),
            1.0850123456789m, 0.75,
            [
                new MatchReason(MatchReasonCodes.CountryEarmarked, new Dictionary<string, string> { ["country"] = country }, $"The need's country ({country}) is earmarked."),
                new MatchReason(MatchReasonCodes.Priority, new Dictionary<string, string> { ["priority"] = "high", ["weight"] = "4" }, "Need priority: high (weight 4)."),
            ], status, at, null, null, null, roundId, 10_850, 1);
}
