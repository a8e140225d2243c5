using Marketplace.TestSupport;
using Microsoft.Playwright;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>
/// The real system (every service as a process, through the gateway) and one headless Debian Chromium,
/// shared by the browser tests of a collection. The gateway serves the web app from the source tree.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public MarketplaceProcesses System { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await System.StartAsync(new Dictionary<string, string>
        {
            // A build does not copy wwwroot next to Gateway.dll, so point the gateway at the source files.
            ["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryRoot(), "gateway", "wwwroot"),
        }, new Dictionary<string, string>
        {
            // The demo chair delegate's organisation. The recusal rule of this branch still compares the chair's
            // org with the need's country, so the recusal test needs a chair from a member state.
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (own sessionStorage and localStorage) on the web app's sign-in page.</summary>
    public async Task<IPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BaseURL = System.Gateway.ToString(),
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await System.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.slnx not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
