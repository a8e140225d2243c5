using System.Text;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// Collects the figures of each scenario: prints the row to the test output, rewrites
/// <c>artifacts/reliability/results.md</c> with this run's rows, and, when RELIABILITY_WRITE_DOCS=1,
/// replaces the rows of the scenarios that ran in the table of <c>docs/reliability.md</c>.
/// </summary>
public static class ReliabilityReport
{
    public const string Header = """
        | id | scenario | sent | received | lost | duplicated | extra deliveries | recovery | notes |
        |---|---|---:|---:|---:|---:|---:|---:|---|
        """;

    private const string Start = "<!-- reliability-results:start -->";
    private const string End = "<!-- reliability-results:end -->";
    private static readonly object Gate = new();
    private static readonly SortedDictionary<string, ScenarioResult> Results = new(StringComparer.Ordinal);

    public static void Record(ScenarioResult result, ITestOutputHelper output)
    {
        output.WriteLine(Header);
        output.WriteLine(result.Row);
        lock (Gate)
        {
            Results[result.Id] = result;
            var root = RepositoryRoot();
            var file = Path.Combine(root, "artifacts", "reliability", "results.md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"{Header}\n{string.Join('\n', Results.Values.Select(r => r.Row))}\n");
            output.WriteLine($"(written to {file})");
            if (Environment.GetEnvironmentVariable("RELIABILITY_WRITE_DOCS") == "1") UpdateDocs(Path.Combine(root, "docs", "reliability.md"));
        }
    }

    private static void UpdateDocs(string path)
    {
        var text = File.ReadAllText(path);
        var from = text.IndexOf(Start, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal);
        if (from < 0 || to < from) throw new InvalidOperationException($"{path} has no {Start} … {End} block");
        var rows = text[(from + Start.Length)..to].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| id ", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('|')[1].Trim(), l => l, StringComparer.Ordinal);
        foreach (var result in Results.Values) rows[result.Id] = result.Row;
        var table = new StringBuilder().Append(Start).Append('\n').Append(Header).Append('\n');
        foreach (var row in rows.OrderBy(r => r.Key, StringComparer.Ordinal)) table.Append(row.Value).Append('\n');
        File.WriteAllText(path, text[..from] + table + text[to..]);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.slnx not found");
    }
}
