using System.Text.Json.Nodes;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

public sealed class NeedRequestTests
{
    [Fact]
    public void Validate_ValidBody_ReturnsDraftWithEveryField()
    {
        var errors = new FieldErrors();

        var draft = NeedRequest.Validate(Validation.AsOnTheWire(RequestBodies.Need()), errors);

        Assert.False(errors.Any);
        Assert.NotNull(draft);
        Assert.Equal("GT", draft.Country);
        Assert.Equal(250_000_000, draft.Amount.Minor);
        Assert.Equal("USD", draft.Amount.Currency);
        Assert.Equal(["grant", "in-kind"], draft.Instruments);
        Assert.Equal(12000, draft.TargetPopulation);
        Assert.Equal(new DateOnly(2026, 12, 31), draft.EndDate);
        Assert.Equal("PNA-3.2", draft.Reference);
    }

    [Fact]
    public void Validate_OnlyRequiredFields_IsValid()
    {
        var body = RequestBodies.Need();
        foreach (var optional in new[] { "description", "targetPopulation", "startDate", "endDate", "location", "reference" }) body.Remove(optional);

        Validation.AssertKeys(Validation.OfNeed(body));
    }

    [Theory]
    [InlineData("title", 0, false)]
    [InlineData("title", 1, true)]
    [InlineData("title", 200, true)]
    [InlineData("title", 201, false)]
    [InlineData("description", 0, true)]
    [InlineData("description", 4000, true)]
    [InlineData("description", 4001, false)]
    [InlineData("location", 0, true)]
    [InlineData("location", 200, true)]
    [InlineData("location", 201, false)]
    [InlineData("reference", 100, true)]
    [InlineData("reference", 101, false)]
    public void Validate_TextOfLength_IsValidOnlyWithinBounds(string field, int length, bool valid)
    {
        var body = RequestBodies.Need();
        body[field] = new string('a', length);

        var errors = Validation.OfNeed(body);

        if (valid) Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, field);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("   \t\n ")]
    public void Validate_WhitespaceOnlyTitle_RejectsTitle(string title)
    {
        var body = RequestBodies.Need();
        body["title"] = title;

        Validation.AssertKeys(Validation.OfNeed(body), "title");
    }

    [Fact]
    public void Validate_TitleOf200CharactersOutsideTheBasicPlane_CountsCharactersNotCodeUnits()
    {
        var body = RequestBodies.Need();
        body["title"] = string.Concat(Enumerable.Repeat("🌎", 200));

        Validation.AssertKeys(Validation.OfNeed(body));
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("bell\u0007")]
    [InlineData("esc\u001b[31m")]
    public void Validate_TitleWithControlCharacter_RejectsTitle(string title)
    {
        var body = RequestBodies.Need();
        body["title"] = title;

        Validation.AssertKeys(Validation.OfNeed(body), "title");
    }

    [Theory]
    [MemberData(nameof(MoneyFieldCases.All), MemberType = typeof(MoneyFieldCases))]
    public void Validate_Amount_IsValidOnlyAsPositiveDecimalStringInAcceptedCurrency(string money, string expectedKey)
    {
        var body = RequestBodies.Need();
        body["amount"] = RequestBodies.Value(money);

        var errors = Validation.OfNeed(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Fact]
    public void Validate_AmountMissing_RejectsAmountAsRequired()
    {
        var body = RequestBodies.Need();
        body.Remove("amount");

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors, "amount");
        Assert.Equal(["is required"], errors["amount"]);
    }

    [Theory]
    [InlineData("""["grant"]""", "")]
    [InlineData("""["grant", "concessional-loan", "technical-assistance", "in-kind"]""", "")]
    [InlineData("[]", "instruments")]
    [InlineData("""["grant", "grant"]""", "instruments[1]")]
    [InlineData("""["grant", "loan"]""", "instruments[1]")]
    [InlineData("""["Grant"]""", "instruments[0]")]
    [InlineData("""[1]""", "instruments[0]")]
    [InlineData("""[null]""", "instruments[0]")]
    [InlineData("\"grant\"", "instruments")]
    [InlineData("null", "instruments")]
    public void Validate_Instruments_IsValidOnlyAsNonEmptySetOfKnownCodes(string instruments, string expectedKey)
    {
        var body = RequestBodies.Need();
        body["instruments"] = RequestBodies.Value(instruments);

        var errors = Validation.OfNeed(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Theory]
    [InlineData("country", "US")]
    [InlineData("country", "gt")]
    [InlineData("country", "")]
    [InlineData("sector", "roads")]
    [InlineData("sector", "Health")]
    [InlineData("priority", "urgent")]
    [InlineData("priority", "CRITICAL")]
    public void Validate_UnknownCode_RejectsThatField(string field, string code)
    {
        var body = RequestBodies.Need();
        body[field] = code;

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors, field);
        Assert.StartsWith("must be one of:", errors[field][0]);
    }

    [Theory]
    [InlineData("country")]
    [InlineData("title")]
    [InlineData("sector")]
    [InlineData("instruments")]
    [InlineData("priority")]
    public void Validate_RequiredFieldMissingOrNull_RejectsItAsRequired(string field)
    {
        var missing = RequestBodies.Need();
        missing.Remove(field);
        var nulled = RequestBodies.Need();
        nulled[field] = null;

        Validation.AssertKeys(Validation.OfNeed(missing), field);
        Validation.AssertKeys(Validation.OfNeed(nulled), field);
        Assert.Equal(["is required"], Validation.OfNeed(missing)[field]);
    }

    [Theory]
    [InlineData("2026-02-28", "2026-02-28", "")]
    [InlineData("2028-02-29", "2028-03-01", "")]
    [InlineData("2026-02-30", "2026-12-31", "startDate")]
    [InlineData("2026-13-01", "2026-12-31", "startDate")]
    [InlineData("26-01-01", "2026-12-31", "startDate")]
    [InlineData("2026-1-1", "2026-12-31", "startDate")]
    [InlineData("2026-01-01T00:00:00Z", "2026-12-31", "startDate")]
    [InlineData("01/02/2026", "2026-12-31", "startDate")]
    [InlineData("2026-01-01", "2027-02-29", "endDate")]
    [InlineData("2026-01-02", "2026-01-01", "endDate")]
    public void Validate_Dates_AreValidOnlyAsRealIsoDatesEndingNoEarlierThanStart(string start, string end, string expectedKey)
    {
        var body = RequestBodies.Need();
        body["startDate"] = start;
        body["endDate"] = end;

        var errors = Validation.OfNeed(body);

        if (expectedKey == "") Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, expectedKey);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("1", true)]
    [InlineData("100000000000", true)]
    [InlineData("-1", false)]
    [InlineData("100000000001", false)]
    [InlineData("9223372036854775807", false)]
    [InlineData("9223372036854775808", false)]
    [InlineData("1e30", false)]
    [InlineData("1.5", false)]
    [InlineData("\"12\"", false)]
    [InlineData("true", false)]
    [InlineData("[12]", false)]
    [InlineData("null", true)]
    public void Validate_TargetPopulation_IsValidOnlyAsWholeNumberFromZero(string json, bool valid)
    {
        var body = RequestBodies.Need();
        body["targetPopulation"] = RequestBodies.Value(json);

        var errors = Validation.OfNeed(body);

        if (valid) Validation.AssertKeys(errors);
        else Validation.AssertKeys(errors, "targetPopulation");
    }

    [Theory]
    [InlineData("title", "42")]
    [InlineData("description", "true")]
    [InlineData("country", "[\"GT\"]")]
    [InlineData("startDate", "20260101")]
    [InlineData("location", "{}")]
    public void Validate_NonStringForTextField_RejectsThatField(string field, string json)
    {
        var body = RequestBodies.Need();
        body[field] = RequestBodies.Value(json);

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors, field);
        Assert.Equal(["must be a string"], errors[field]);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("Title")]
    [InlineData("funded_amount")]
    [InlineData("")]
    public void Validate_UnknownField_RejectsIt(string field)
    {
        var body = RequestBodies.Need();
        body[field] = "x";

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors, field);
        Assert.Equal(["is not a field of this resource"], errors[field]);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("status")]
    [InlineData("funded")]
    [InlineData("remaining")]
    [InlineData("version")]
    [InlineData("createdAt")]
    [InlineData("updatedAt")]
    public void Validate_ServerOwnedField_RejectsIt(string field)
    {
        var body = RequestBodies.Need();
        body[field] = "1";

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors, field);
        Assert.Equal(["is set by the server and cannot be sent"], errors[field]);
    }

    [Theory]
    [InlineData("donor")]
    [InlineData("allocated")]
    public void Validate_ServerOwnedFieldOfPledges_RejectsItAsUnknown(string field)
    {
        var body = RequestBodies.Need();
        body[field] = "EU";

        Validation.AssertKeys(Validation.OfNeed(body), field);
    }

    [Fact]
    public void Validate_ManyInvalidFields_ListsEveryOneWithItsExactKey()
    {
        var body = RequestBodies.Need();
        body["country"] = "XX";
        body["title"] = "";
        body["description"] = new string('d', 4001);
        body["sector"] = "roads";
        body["amount"] = RequestBodies.Money("0.001", "USD");
        body["instruments"] = new JsonArray("loan", "grant", "grant");
        body["priority"] = "urgent";
        body["targetPopulation"] = -1;
        body["startDate"] = "2026-02-30";
        body["endDate"] = "2026-13-01";
        body["location"] = new string('l', 201);
        body["reference"] = new string('r', 101);
        body["status"] = "funded";
        body["version"] = 3;
        body["colour"] = "red";

        var errors = Validation.OfNeed(body);

        Validation.AssertKeys(errors,
            "amount.amount", "colour", "country", "description", "endDate", "instruments[0]", "instruments[2]", "location",
            "priority", "reference", "sector", "startDate", "status", "targetPopulation", "title", "version");
    }

    [Fact]
    public void Validate_EndBeforeStartAndBadAmount_ListsBoth()
    {
        var body = RequestBodies.Need();
        body["startDate"] = "2026-06-01";
        body["endDate"] = "2026-05-31";
        body["amount"] = RequestBodies.Money("1e5", "USD");

        Validation.AssertKeys(Validation.OfNeed(body), "amount.amount", "endDate");
    }

    [Fact]
    public void ToJson_OfValidatedDraft_ValidatesBackToTheSameDraft()
    {
        var draft = NeedRequest.Validate(Validation.AsOnTheWire(RequestBodies.Need()), new FieldErrors())!;

        var again = NeedRequest.Validate(NeedRequest.ToJson(draft), new FieldErrors());

        Assert.NotNull(again);
        Assert.Equal(NeedRequest.ToJson(draft).ToJsonString(), NeedRequest.ToJson(again).ToJsonString());
    }
}
