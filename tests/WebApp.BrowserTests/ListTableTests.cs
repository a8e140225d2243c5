using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>The needs and pledges lists as tables: sort, search, status filter and the CSV download of the export endpoint.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ListTableTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StateNeeds_SortSearchAndDownloadCsv_FromTheExportEndpoint()
    {
        var api = await fixture.System.ClientAsync("state-cr");
        foreach (var (title, amount) in new[] { ("Table: mobile clinics", "7000.00"), ("Table: school meals", "2000.00"), ("Table: field shelters", "9000.00") })
        {
            (await api.PostAsync("api/v1/needs", Json.Body(new JsonObject
            {
                ["country"] = "CR", ["title"] = title, ["sector"] = "health", ["priority"] = "medium",
                ["amount"] = new JsonObject { ["amount"] = amount, ["currency"] = "USD" }, ["instruments"] = new JsonArray("grant"),
            }))).EnsureSuccessStatusCode();
        }
        var page = await fixture.OpenAsync();
        await page.SignInAsync("state-cr");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Necesidades de Costa Rica" });
        await page.GetByLabel("Buscar por título").FillAsync("Table:");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);

        await table.GetByRole(AriaRole.Button, new() { Name = "Solicitado" }).ClickAsync();
        await table.GetByRole(AriaRole.Button, new() { Name = "Solicitado" }).ClickAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Solicitado" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(table.GetByRole(AriaRole.Button, new() { Name = "Solicitado" })).ToBeFocusedAsync();
        var titles = await table.Locator("tbody th[scope='row']").AllTextContentsAsync();
        Assert.Equal(["Table: field shelters", "Table: mobile clinics", "Table: school meals"], titles);
        await page.AssertAccessibleAsync("state: needs table sorted and searched");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Descargar CSV" }).ClickAsync());
        Assert.Equal("needs-CR.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("id,country,title,", csv);
        Assert.Contains("Table: mobile clinics", csv);
        Assert.Contains("Table: field shelters", csv);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("needs-CR.csv");
    }
}
