using System.Text.Json.Nodes;
using Marketplace.Flows.Http;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

/// <summary>Bad input to the flow's steps: every invalid field is listed, amounts only in the pledge's currency.</summary>
public sealed class FlowRequestsTests
{
    private static IDictionary<string, string[]> CommitmentErrors(string json)
    {
        var errors = new FieldErrors();
        var body = FlowRequests.Commitment(JsonNode.Parse(json)!.AsObject(), "EUR", errors);
        Assert.Equal(errors.Any, body is null);
        return errors.ToDictionary();
    }

    private static IDictionary<string, string[]> DisbursementErrors(string json)
    {
        var errors = new FieldErrors();
        var body = FlowRequests.Disbursement(JsonNode.Parse(json)!.AsObject(), "EUR", errors);
        Assert.Equal(errors.Any, body is null);
        return errors.ToDictionary();
    }

    [Fact]
    public void Commitment_Valid_WithAndWithoutAmount()
    {
        Assert.Empty(CommitmentErrors("""{"signedOn":"2026-11-02","reference":"AGR-1"}"""));
        Assert.Empty(CommitmentErrors("""{"signedOn":"2026-11-02","reference":"AGR-1","amount":{"amount":"10.00","currency":"EUR"}}"""));
    }

    [Theory]
    [InlineData("""{"reference":"AGR-1"}""", "signedOn")]
    [InlineData("""{"signedOn":"2026-02-30","reference":"AGR-1"}""", "signedOn")]
    [InlineData("""{"signedOn":"02/11/2026","reference":"AGR-1"}""", "signedOn")]
    [InlineData("""{"signedOn":20261102,"reference":"AGR-1"}""", "signedOn")]
    [InlineData("""{"signedOn":"2026-11-02","reference":""}""", "reference")]
    [InlineData("""{"signedOn":"2026-11-02"}""", "reference")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"10.00","currency":"USD"}}""", "amount.currency")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"10.001","currency":"EUR"}}""", "amount.amount")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"0","currency":"EUR"}}""", "amount.amount")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"10.00","currency":"XXX"}}""", "amount.currency")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","status":"committed"}""", "status")]
    public void Commitment_BadField_IsNamed(string json, string field)
    {
        Assert.Contains(field, CommitmentErrors(json).Keys);
    }

    [Fact]
    public void Disbursement_EveryInvalidField_IsListed()
    {
        var errors = DisbursementErrors("""{"date":"yesterday","amount":{"amount":"1.5","currency":"JPY"},"reference":"","extra":1}""");

        Assert.Equal(["amount.currency", "date", "extra", "reference"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"date":"2026-11-02","reference":"TX"}""", "amount")]
    [InlineData("""{"date":"2026-11-02","amount":{"amount":"1.001","currency":"EUR"},"reference":"TX"}""", "amount.amount")]
    [InlineData("""{"date":"2026-11-02","amount":{"amount":-5,"currency":"EUR"},"reference":"TX"}""", "amount.amount")]
    [InlineData("""{"amount":{"amount":"1.00","currency":"EUR"},"reference":"TX"}""", "date")]
    public void Disbursement_BadField_IsNamed(string json, string field)
    {
        Assert.Contains(field, DisbursementErrors(json).Keys);
    }

    [Theory]
    [InlineData("""{"reason":"stopped"}""", true)]
    [InlineData("""{"reason":""}""", false)]
    [InlineData("""{}""", false)]
    public void CancelReason_IsRequired(string json, bool valid)
    {
        var errors = new FieldErrors();
        Assert.Equal(valid, FlowRequests.CancelReason(JsonNode.Parse(json)!.AsObject(), errors) is not null);
        Assert.Equal(!valid, errors.Any);
    }
}
