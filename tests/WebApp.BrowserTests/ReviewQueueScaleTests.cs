using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>
/// The chair's review queue at the scale of a real round: 300 proposals seeded through the public API (needs of six
/// countries, one country-earmarked pledge each, all with the instrument no other browser test uses), then sorted,
/// filtered, previewed, and 20 of them bulk-approved with a mixed outcome shown on every row.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewQueueScaleTests(BrowserFixture fixture)
{
    private const string Instrument = "concessional-loan";
    private const int PerCountry = 50;

    /// <summary>Country → the donor of its pledge. ES is the demo chair's organisation: the chair is recused from MX's proposals.</summary>
    private static readonly (string Country, string Donor)[] Pledges = [("BZ", "US"), ("CR", "CA"), ("GT", "EU"), ("HN", "BR"), ("MX", "ES"), ("PA", "CH")];

    private static readonly string[] Sectors = ["education", "health", "social-protection"];

    [Fact]
    public async Task Chair_With300Proposals_SortsFiltersPreviewsAndBulkApproves_EveryRowShowsItsOutcome()
    {
        await SeedAsync();
        var secretariat = await fixture.System.ClientAsync("secretariat");
        var page = await fixture.OpenAsync();
        await page.SignInAsync("chair");
        await page.GetByLabel("Instrumento").SelectOptionAsync(new SelectOptionValue { Label = "Préstamo concesional" });

        // Paginated through the API's cursors: 50 at a time, until all 300 are in the table.
        await Expect(page.Locator("#queue-count")).ToHaveTextAsync("50 propuestas cargadas; hay más");
        var more = page.GetByRole(AriaRole.Button, new() { Name = "Cargar más propuestas" });
        for (var i = 0; i < 5; i++)
        {
            await more.ClickAsync();
            await Expect(page.Locator("tbody tr[data-match]")).ToHaveCountAsync(PerCountry * (i + 2));
        }
        await Expect(more).ToHaveCountAsync(0);
        await Expect(page.Locator("#queue-count")).ToHaveTextAsync("300 propuestas");
        await page.AssertAccessibleAsync("chair: review queue with 300 rows");

        // Sorted by the API: the amount header turns the order to -amountUsd and the rows follow the API's order.
        await page.GetByRole(AriaRole.Button, new() { Name = "Importe", Exact = true }).ClickAsync();
        var amountHeader = page.GetByRole(AriaRole.Columnheader, new() { Name = "Importe" });
        await Expect(amountHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Importe", Exact = true })).ToBeFocusedAsync();
        var byAmount = await ItemsAsync(secretariat, $"status=proposed&instrument={Instrument}&orderBy=-amountUsd&pageSize=50");
        Assert.Equal(byAmount.Select(m => m["id"]!.GetValue<string>()), await RowIdsAsync(page));

        // Filtered: only Belize's 50.
        await page.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "Belice" });
        await Expect(page.Locator("#queue-count")).ToHaveTextAsync($"{PerCountry} propuestas");
        await Expect(page.Locator("tbody tr[data-match] td:nth-child(3)").Filter(new() { HasNotText = "Belice" })).ToHaveCountAsync(0);

        // The approval preview, then the approval: the preview's figures are what the API shows afterwards.
        var firstId = (await RowIdsAsync(page))[0];
        var first = await (await secretariat.GetAsync($"api/v1/matches/{firstId}")).ReadObjectAsync();
        var firstRow = page.Locator($"tr[data-match='{firstId}']");
        await firstRow.GetByRole(AriaRole.Button, new() { NameRegex = WebAppPage.Text("Detalles:") }).ClickAsync();
        var panel = page.Locator($"tr[data-details-of='{firstId}']");
        await Expect(panel.Locator("[data-figure='needFunded'] td").Last).ToHaveAttributeAsync("data-amount", new System.Text.RegularExpressions.Regex(@"^\d"));
        await page.AssertAccessibleAsync("chair: details panel open");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Aprobar" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("No deja sin efecto ninguna otra propuesta.")).ToBeVisibleAsync();
        var needFundedAfter = await dialog.Locator("[data-figure='needFunded'] td").Last.GetAttributeAsync("data-amount");
        var pledgeAllocatedAfter = await dialog.Locator("[data-figure='pledgeAllocated'] td").Last.GetAttributeAsync("data-amount");
        await page.AssertAccessibleAsync("chair: approval preview dialog open");
        await page.ScreenshotAsync("30-review-approval-preview");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar la aprobación" }).ClickAsync();
        await Expect(firstRow.Locator("td.outcome")).ToHaveTextAsync("Aprobada");
        await Expect(page.Locator("#queue-result")).ToBeFocusedAsync();
        var needId = first["needId"]!.GetValue<string>();
        var pledgeId = first["pledgeId"]!.GetValue<string>();
        await Eventually.GetAsync(async () => await (await secretariat.GetAsync($"api/v1/needs/{needId}")).ReadObjectAsync(),
            n => n["funded"]!["amount"]!.GetValue<string>() == needFundedAfter, TimeSpan.FromSeconds(15), $"need funded {needFundedAfter}");
        await Eventually.GetAsync(async () => await (await secretariat.GetAsync($"api/v1/pledges/{pledgeId}")).ReadObjectAsync(),
            p => p["allocated"]!["amount"]!.GetValue<string>() == pledgeAllocatedAfter, TimeSpan.FromSeconds(15), $"pledge allocated {pledgeAllocatedAfter}");

        // Back to every country, largest first; 7 of Belize (approvable), 7 of Mexico (the chair is recused), 6 of Panama.
        await page.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "Todos" });
        await Expect(page.Locator("tbody tr[data-match]")).ToHaveCountAsync(50);
        var shown = (await ItemsAsync(secretariat, $"status=proposed&instrument={Instrument}&orderBy=-amountUsd&pageSize=50"))
            .Select(m => (Id: m["id"]!.GetValue<string>(), Country: m["country"]!.GetValue<string>())).ToList();
        Assert.Equal(shown.Select(m => m.Id), await RowIdsAsync(page));
        var approvable = shown.Where(m => m.Country == "BZ").Take(7).Select(m => m.Id).ToList();
        var recused = shown.Where(m => m.Country == "MX").Take(7).Select(m => m.Id).ToList();
        var runOut = shown.Where(m => m.Country == "PA").Take(6).Select(m => m.Id).ToList();
        Assert.Equal((7, 7, 6), (approvable.Count, recused.Count, runOut.Count));

        // Meanwhile Switzerland cuts its pledge for Panama to 1 USD: those proposals no longer fit.
        await CutPledgeAsync("donor-ch", "PA");

        await page.Locator($"tr[data-match='{approvable[0]}'] input.row-select").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        foreach (var id in approvable.Skip(1).Concat(recused).Concat(runOut))
        {
            await page.Locator($"tr[data-match='{id}'] input.row-select").CheckAsync();
        }
        await Expect(page.Locator("#selection-count")).ToHaveTextAsync("20 seleccionadas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aprobar las seleccionadas" }).ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Aprobar 20 propuestas" });
        await Expect(dialog.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(20);
        await page.AssertAccessibleAsync("chair: bulk approval dialog open");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Aprobar 20 propuestas" }).ClickAsync();

        var result = page.Locator("#queue-result");
        await Expect(result).ToContainTextAsync("Resultado de 20 decisiones", new() { Timeout = 60_000 });
        await Expect(result).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Resultado de 20 decisiones");
        foreach (var id in approvable) await Expect(page.Locator($"tr[data-match='{id}'] td.outcome")).ToHaveTextAsync("Aprobada");
        foreach (var id in recused) await Expect(page.Locator($"tr[data-match='{id}'] td.outcome")).ToContainTextAsync("(403)");
        foreach (var id in runOut) await Expect(page.Locator($"tr[data-match='{id}'] td.outcome")).ToContainTextAsync("(409)");
        await Expect(result).ToContainTextAsync("Aprobada: 7");
        await Expect(result).ToContainTextAsync("(403): 7");
        await Expect(result).ToContainTextAsync("(409): 6");
        foreach (var id in approvable)
        {
            Assert.Equal("approved", (await (await secretariat.GetAsync($"api/v1/matches/{id}")).ReadObjectAsync())["status"]!.GetValue<string>());
        }
        await page.AssertAccessibleAsync("chair: review queue with per-row outcomes");
        await page.ScreenshotAsync("31-review-bulk-outcomes-desktop");

        // A 390-pixel phone: the table scrolls inside its region, the page itself never scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("#queue-result")).ToBeVisibleAsync();
        await page.AssertNoHorizontalOverflowAsync("chair: review queue at 390 px");
        await page.AssertAccessibleAsync("chair: review queue at phone width");
        await page.ScreenshotAsync("32-review-bulk-outcomes-phone");
    }

    private async Task SeedAsync()
    {
        foreach (var (country, donor, c) in Pledges.Select((p, c) => (p.Country, p.Donor, c)))
        {
            var state = await fixture.System.ClientAsync($"state-{country.ToLowerInvariant()}");
            var total = 0m;
            for (var i = 0; i < PerCountry; i++)
            {
                // Interleaved across countries, so that every page of the amount order holds each country's proposals.
                var index = i * Pledges.Length + c;
                var amount = 1000m + index * 7;
                total += amount;
                (await state.PostAsync("api/v1/needs", Json.Body(new JsonObject
                {
                    ["country"] = country,
                    ["title"] = $"Queue {country} {i + 1:000}: {Sectors[i % 3]} project",
                    ["sector"] = Sectors[i % 3],
                    ["amount"] = new JsonObject { ["amount"] = amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), ["currency"] = "USD" },
                    ["instruments"] = new JsonArray(Instrument),
                    ["priority"] = (index % 4) switch { 0 => "critical", 1 => "high", 2 => "medium", _ => "low" },
                }))).EnsureSuccessStatusCode();
            }
            var pledger = await fixture.System.ClientAsync($"donor-{donor.ToLowerInvariant()}");
            (await pledger.PostAsync("api/v1/pledges", Json.Body(new JsonObject
            {
                ["title"] = $"Queue: {donor} loans for {country}",
                ["amount"] = new JsonObject { ["amount"] = total.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), ["currency"] = "USD" },
                ["instrument"] = Instrument,
                ["countries"] = new JsonArray(country),
                ["sectors"] = new JsonArray(),
            }))).EnsureSuccessStatusCode();
        }
        var secretariat = await fixture.System.ClientAsync("secretariat");
        await Eventually.GetAsync(async () => (await AllAsync(secretariat, $"status=proposed&instrument={Instrument}")).Count,
            count => count == PerCountry * Pledges.Length, TimeSpan.FromSeconds(90), "300 proposals");
    }

    private async Task CutPledgeAsync(string donorClient, string country)
    {
        var donor = await fixture.System.ClientAsync(donorClient);
        var pledges = await ItemsAsync(donor, $"instrument={Instrument}&country={country}", "pledges");
        var pledge = Assert.Single(pledges);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/pledges/{pledge["id"]}")
        {
            Content = Json.Body("""{"amount":{"amount":"1.00","currency":"USD"}}""", "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{pledge["version"]}\""));
        (await donor.SendAsync(patch)).EnsureSuccessStatusCode();
    }

    private static async Task<List<JsonNode>> ItemsAsync(HttpClient client, string query, string list = "matches") =>
        [.. (await (await client.GetAsync($"api/v1/{list}?{query}")).ReadObjectAsync())["items"]!.AsArray().Select(m => m!)];

    private static async Task<List<JsonNode>> AllAsync(HttpClient client, string query)
    {
        var all = new List<JsonNode>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync($"api/v1/matches?{query}&pageSize=200{(token is null ? "" : $"&pageToken={token}")}")).ReadObjectAsync();
            all.AddRange(page["items"]!.AsArray().Select(m => m!));
            token = page["nextPageToken"]?.GetValue<string>();
        } while (token is not null);
        return all;
    }

    private static async Task<List<string>> RowIdsAsync(IPage page) =>
        [.. (await page.Locator("tbody tr[data-match]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.match)"))];
}
