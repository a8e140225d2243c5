using System.Text;
using Marketplace.ServiceKit.Idempotency;

namespace Marketplace.UnitTests;

/// <summary>Idempotent requests compare bodies as parsed JSON, not bytes (API.md "Conventions").</summary>
public sealed class RequestFingerprintTests
{
    private static string Of(string body) => RequestFingerprint.Of(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("""{"a":1,"b":"x"}""", """{ "b" : "x",  "a" : 1 }""")]
    [InlineData("""{"o":{"y":[1,2],"x":null}}""", """{"o":{"x":null,"y":[1,2]}}""")]
    [InlineData("""{"s":"é"}""", """{"s":"\u00e9"}""")]
    [InlineData("", "")]
    public void Of_TheSameJsonWrittenDifferently_IsEqual(string a, string b)
    {
        Assert.Equal(Of(a), Of(b));
    }

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{}""", "")]
    [InlineData("not json", "not  json")]
    public void Of_DifferentJson_Differs(string a, string b)
    {
        Assert.NotEqual(Of(a), Of(b));
    }

    [Fact]
    public void ScopedKey_SeparatesCallersPathsAndKeys()
    {
        var keys = new[]
        {
            RequestFingerprint.ScopedKey("donor-es", "/api/v1/pledges", "k1"),
            RequestFingerprint.ScopedKey("donor-fr", "/api/v1/pledges", "k1"),
            RequestFingerprint.ScopedKey("donor-es", "/api/v1/needs", "k1"),
            RequestFingerprint.ScopedKey("donor-es", "/api/v1/pledges", "k2"),
            RequestFingerprint.ScopedKey("donor-es|/api/v1/pledges", "", "k1"),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
