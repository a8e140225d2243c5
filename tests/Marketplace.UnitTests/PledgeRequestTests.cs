using System.Text.Json.Nodes;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

public sealed class PledgeRequestTests
{
    [Fact]
    public void Validate_ValidBody_ReturnsDraftWithEveryField()
    {
        var errors = new FieldErrors();

        var draft = PledgeRequest.Validate(Validation.AsOnTheWire(RequestBodies.Pledge()), errors);

        Assert.False(errors.Any);
        Assert.NotNull(draft);
        Assert.Equal(100_000_000, draft.Amount.Minor);
        Assert.Equal("EUR", draft.Amount.Currency);
        Assert.Equal(["GT", "HN"], draft.Countries);
        Assert.Equal(5_000_000, draft.MinAllocation!.Value.Minor);
        Assert.Equal(50_000_000, draft.MaxAllocation!.Value.Minor);
        Assert.Equal(new DateOnly(2027, 12, 31), draft.AvailableUntil);
    }

    [Fact]
    public void Validate_OnlyRequiredFieldsWithEmptySets_IsValid()
    {
        var body = RequestBodies.Pledge();
        foreach (var optional in new[] { "description", "minAllocation", "maxAllocation", "availableFrom", "availableUntil", "conditions" })
            body.Remove(optional);
        body["countries"] = new JsonArray();
        body["sectors"] = new JsonArray();

        Validation.AssertKeys(Validation.OfPledge(body));
    }

    [Theory]
    [InlineData("title", 0, false)]
    [InlineData("title", 1, true)]
    [InlineData("title", 200, true)]
    [InlineData("title", 201, false)]
    [InlineData("description", 4000, true)]
    [InlineData("description", 4001, false)]
    [InlineData("conditions", 0, true)]
    [InlineData("conditions", 2000, true)]
    [InlineData("conditions", 2001, false)]
    public void Validate_TextOfLength_IsValidOnlyWithinBounds(string field, int length, bool valid)
    {
        var body = RequestBodies.Pledge();
        body[field] = new string('a', length);

        var errors = Validation.OfPledge(body);

        if (valid) Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, field);
    }

    [Fact]
    public void Validate_WhitespaceOnlyTitle_RejectsTitle()
    {
        var body = RequestBodies.Pledge();
        body["title"] = " \t ";

        Validation.AssertKeys(Validation.OfPledge(body), "title");
    }

    [Theory]
    [MemberData(nameof(MoneyFieldCases.All), MemberType = typeof(MoneyFieldCases))]
    public void Validate_Amount_IsValidOnlyAsPositiveDecimalStringInAcceptedCurrency(string money, string expectedKey)
    {
        var body = RequestBodies.Pledge();
        body.Remove("minAllocation");
        body.Remove("maxAllocation");
        body["amount"] = RequestBodies.Value(money);

        var errors = Validation.OfPledge(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Theory]
    [InlineData("grant")]
    [InlineData("concessional-loan")]
    [InlineData("technical-assistance")]
    [InlineData("in-kind")]
    public void Validate_KnownInstrument_IsValid(string instrument)
    {
        var body = RequestBodies.Pledge();
        body["instrument"] = instrument;

        Validation.AssertKeys(Validation.OfPledge(body));
    }

    [Theory]
    [InlineData("\"loan\"")]
    [InlineData("\"\"")]
    [InlineData("[\"grant\"]")]
    [InlineData("null")]
    public void Validate_InstrumentNotOneKnownCode_RejectsInstrument(string json)
    {
        var body = RequestBodies.Pledge();
        body["instrument"] = RequestBodies.Value(json);

        Validation.AssertKeys(Validation.OfPledge(body), "instrument");
    }

    [Theory]
    [InlineData("countries", """["GT", "GT"]""", "countries[1]")]
    [InlineData("countries", """["GT", "US"]""", "countries[1]")]
    [InlineData("countries", """["gt"]""", "countries[0]")]
    [InlineData("countries", "\"GT\"", "countries")]
    [InlineData("countries", "null", "countries")]
    [InlineData("countries", """["BZ","CR","SV","GT","HN","MX","PA"]""", "")]
    [InlineData("sectors", """["health", "health"]""", "sectors[1]")]
    [InlineData("sectors", """["health", "roads", "education"]""", "sectors[1]")]
    [InlineData("sectors", """[{"code": "health"}]""", "sectors[0]")]
    [InlineData("sectors", "[]", "")]
    public void Validate_CountriesOrSectors_AreValidOnlyAsSetsOfKnownCodes(string field, string json, string expectedKey)
    {
        var body = RequestBodies.Pledge();
        body[field] = RequestBodies.Value(json);

        var errors = Validation.OfPledge(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Theory]
    [InlineData("1.00", "1000000.00", "")]
    [InlineData("1000000.00", "1000000.00", "")]
    [InlineData("600000.00", "500000.00", "minAllocation")]
    [InlineData("50000.00", "1000000.01", "maxAllocation")]
    [InlineData("0", "500000.00", "minAllocation.amount")]
    [InlineData("50000.00", "0.001", "maxAllocation.amount")]
    public void Validate_AllocationBounds_AreValidOnlyWhenMinNotAboveMaxNotAboveAmount(string min, string max, string expectedKey)
    {
        var body = RequestBodies.Pledge();
        body["minAllocation"] = RequestBodies.Money(min, "EUR");
        body["maxAllocation"] = RequestBodies.Money(max, "EUR");

        var errors = Validation.OfPledge(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Fact]
    public void Validate_MinAllocationAboveAmountWithoutMax_RejectsMinAllocation()
    {
        var body = RequestBodies.Pledge();
        body.Remove("maxAllocation");
        body["minAllocation"] = RequestBodies.Money("1000000.01", "EUR");

        Validation.AssertKeys(Validation.OfPledge(body), "minAllocation");
    }

    [Theory]
    [InlineData("minAllocation")]
    [InlineData("maxAllocation")]
    public void Validate_AllocationBoundInAnotherCurrency_RejectsItsCurrency(string field)
    {
        var body = RequestBodies.Pledge();
        body[field] = RequestBodies.Money("60000.00", "USD");

        var errors = Validation.OfPledge(body);

        Validation.AssertKeys(errors, $"{field}.currency");
        Assert.Equal(["must be EUR, the currency of amount"], errors[$"{field}.currency"]);
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-01", "")]
    [InlineData("2026-02-30", "2026-12-31", "availableFrom")]
    [InlineData("2026-13-01", "2026-12-31", "availableFrom")]
    [InlineData("26-01-01", "2026-12-31", "availableFrom")]
    [InlineData("2026-06-01", "2026-05-31", "availableUntil")]
    public void Validate_AvailabilityDates_AreValidOnlyAsRealIsoDatesEndingNoEarlierThanStart(string from, string until, string expectedKey)
    {
        var body = RequestBodies.Pledge();
        body["availableFrom"] = from;
        body["availableUntil"] = until;

        var errors = Validation.OfPledge(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("donor")]
    [InlineData("status")]
    [InlineData("allocated")]
    [InlineData("remaining")]
    [InlineData("version")]
    [InlineData("createdAt")]
    [InlineData("updatedAt")]
    public void Validate_ServerOwnedField_RejectsIt(string field)
    {
        var body = RequestBodies.Pledge();
        body[field] = "1";

        var errors = Validation.OfPledge(body);

        Validation.AssertKeys(errors, field);
        Assert.Equal(["is set by the server and cannot be sent"], errors[field]);
    }

    [Theory]
    [InlineData("funded")]
    [InlineData("country")]
    [InlineData("instruments")]
    public void Validate_UnknownField_RejectsIt(string field)
    {
        var body = RequestBodies.Pledge();
        body[field] = "x";

        var errors = Validation.OfPledge(body);

        Validation.AssertKeys(errors, field);
        Assert.Equal(["is not a field of this resource"], errors[field]);
    }

    [Fact]
    public void Validate_ManyInvalidFields_ListsEveryOneWithItsExactKey()
    {
        var body = RequestBodies.Pledge();
        body["title"] = new string('t', 201);
        body["amount"] = RequestBodies.Money("1,000.00", "EUR");
        body["instrument"] = "loan";
        body["countries"] = new JsonArray("GT", "US", "GT");
        body["sectors"] = new JsonArray("roads");
        body["minAllocation"] = RequestBodies.Money("10.00", "USD");
        body["maxAllocation"] = RequestBodies.Money("10.001", "EUR");
        body["availableFrom"] = "2026-02-30";
        body["conditions"] = new string('c', 2001);
        body["donor"] = "EU";
        body["allocated"] = RequestBodies.Money("0.00", "EUR");
        body["extra"] = true;

        var errors = Validation.OfPledge(body);

        Validation.AssertKeys(errors,
            "allocated", "amount.amount", "availableFrom", "conditions", "countries[1]", "countries[2]", "donor", "extra",
            "instrument", "maxAllocation.amount", "minAllocation.currency", "sectors[0]", "title");
    }

    [Fact]
    public void ToJson_OfValidatedDraft_ValidatesBackToTheSameDraft()
    {
        var draft = PledgeRequest.Validate(Validation.AsOnTheWire(RequestBodies.Pledge()), new FieldErrors())!;

        var again = PledgeRequest.Validate(PledgeRequest.ToJson(draft), new FieldErrors());

        Assert.NotNull(again);
        Assert.Equal(PledgeRequest.ToJson(draft).ToJsonString(), PledgeRequest.ToJson(again).ToJsonString());
    }
}
