using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Marketplace.TestSupport;

/// <summary>
/// A real development SMTP server (Rnwood.Smtp4dev, the repository's local dotnet tool: <c>dotnet tool
/// restore</c> installs it) on loopback ports, with an in-memory store; tests read what it received through
/// its HTTP API.
/// </summary>
public sealed class Smtp4devServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly TemporaryDirectory _home = new();

    public int SmtpPort { get; }

    public Uri Web { get; }

    private Smtp4devServer(int smtpPort)
    {
        SmtpPort = smtpPort;
        var webPort = LoopbackPorts.Next();
        Web = new Uri($"http://127.0.0.1:{webPort}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "tool", "run", "smtp4dev", "--", $"--urls={Web.ToString().TrimEnd('/')}", $"--smtpport={SmtpPort}",
                     $"--imapport={LoopbackPorts.Next()}", $"--pop3port={LoopbackPorts.Next()}", "--bindaddress=127.0.0.1", "--db=",
                     "--nousersettings", $"--baseappdatapath={_home.Path}", "--messagestokeep=1000",
                 })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["XDG_CONFIG_HOME"] = _home.Path;
        _process = Process.Start(info) ?? throw new InvalidOperationException("smtp4dev did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = Web };
    }

    /// <param name="smtpPort">Where to take mail (e.g. <see cref="MarketplaceProcesses.PortOf"/>("smtp")); a free loopback port by default.</param>
    public static async Task<Smtp4devServer> StartAsync(int? smtpPort = null)
    {
        var server = new Smtp4devServer(smtpPort ?? LoopbackPorts.Next());
        await Eventually.GetAsync(async () =>
        {
            if (server._process.HasExited) throw new InvalidOperationException($"smtp4dev exited with {server._process.ExitCode} (run `dotnet tool restore`)");
            try { return (await server._http.GetAsync("api/messages")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ready => ready, TimeSpan.FromSeconds(60), "smtp4dev to answer");
        return server;
    }

    /// <summary>The messages received for <paramref name="to"/>, oldest first: subject, plain text and headers.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string to)
    {
        var list = await _http.GetFromJsonAsync<JsonObject>("api/messages?pageSize=1000") ?? [];
        var mails = new List<ReceivedMail>();
        foreach (var item in list["results"]!.AsArray().Where(m => m!["to"]!.AsArray().Any(t => string.Equals(t!.GetValue<string>(), to, StringComparison.OrdinalIgnoreCase))))
        {
            var id = item!["id"]!.GetValue<string>();
            var detail = await _http.GetFromJsonAsync<JsonObject>($"api/messages/{id}") ?? [];
            var headers = detail["headers"]!.AsArray().GroupBy(h => h!["name"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First()!["value"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
            mails.Add(new ReceivedMail(id, item["subject"]!.GetValue<string>(), await _http.GetStringAsync($"api/messages/{id}/plaintext"), headers,
                item["receivedDate"]!.GetValue<DateTime>()));
        }
        return [.. mails.OrderBy(m => m.ReceivedAt)];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _http.Dispose();
        _home.Dispose();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A message as smtp4dev received it.</summary>
public sealed record ReceivedMail(string Id, string Subject, string Text, IReadOnlyDictionary<string, string> Headers, DateTime ReceivedAt);
