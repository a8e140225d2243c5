using System.Net;
using Marketplace.Notifications.Webhooks;

namespace Marketplace.Notifications.IntegrationTests;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private const string Body = """{"id":"e1","type":"match.proposed","data":{"amount":{"amount":"1000.00","currency":"EUR"}}}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_TheSignedBody_Passes() =>
        Assert.True(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, Body, Now), Body, Now.AddSeconds(30), WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_AChangedBody_Fails() =>
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, Body, Now), Body.Replace("1000.00", "9000.00"), Now, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_AnOldTimestamp_Fails() =>
        Assert.False(WebhookSignature.Verify(Secret, WebhookSignature.Sign(Secret, Body, Now), Body, Now.AddMinutes(6), WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_AnotherSecretOrAForgedTimestamp_Fails()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);
        Assert.False(WebhookSignature.Verify("whsec_other", header, Body, Now, WebhookSignature.DefaultTolerance));
        var forged = header.Replace($"t={Now.ToUnixTimeSeconds()}", $"t={Now.AddMinutes(10).ToUnixTimeSeconds()}");
        Assert.False(WebhookSignature.Verify(Secret, forged, Body, Now.AddMinutes(10), WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, null, Body, Now, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    public void IsPublic_OnlyPublicUnicastAddresses(string address, bool expected) =>
        Assert.Equal(expected, WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));
}
