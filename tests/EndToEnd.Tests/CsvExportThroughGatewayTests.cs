using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>A CSV export through the real gateway: streamed by the service, proxied as it is written.</summary>
[Collection(SystemCollection.Name)]
public sealed class CsvExportThroughGatewayTests(SystemFixture fixture)
{
    [Fact]
    public async Task NeedsCsv_ThroughTheGateway_IsTheJsonList()
    {
        var state = await fixture.System.ClientAsync("state-bz");
        for (var i = 0; i < 12; i++) await state.PostNeedAsync("BZ", $"{1000 + i}.00", title: i == 0 ? "=cmd|' /C calc'!A0" : $"E2E CSV need {i}");
        var donor = await fixture.System.ClientAsync("donor-uy");

        var rows = await CsvExports.AssertMatchesJsonListAsync(donor, "api/v1/needs?country=BZ");
        var (_, viaAccept) = await CsvExports.ReadAsync(donor, "api/v1/needs?country=BZ", byAcceptHeader: true);

        Assert.True(rows >= 12);
        Assert.Contains(viaAccept, r => r["title"] == "'=cmd|' /C calc'!A0");
    }
}
