using System.Diagnostics;
using System.Text.Json;
using Marketplace.Matching.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project tests/Benchmarks/Matching.Benchmarks -- --sizes 1000,10000,50000
// Each size runs in a child process of this program so that its peak working set is its own.
var options = BenchmarkOptions.Parse(args);
if (options.ChildSize is { } childSize)
{
    Console.WriteLine(JsonSerializer.Serialize(SizeRunner.Run(childSize, options.RepeatsFor(childSize), options.RoundsFor(childSize))));
    return 0;
}

var rows = new List<SizeMeasurement>();
foreach (var size in options.Sizes)
{
    var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["--child", size.ToString(), "--repeats", options.Repeats.ToString(), .. options.Rounds is { } r ? new[] { "--rounds", r.ToString() } : []])
    {
        RedirectStandardOutput = true,
    })!;
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        Console.Error.WriteLine($"size {size} failed with exit code {child.ExitCode}");
        return 1;
    }

    var row = JsonSerializer.Deserialize<SizeMeasurement>(output.Trim().Split('\n')[^1])!;
    rows.Add(row);
    Console.WriteLine($"{size}: build {row.BuildMs:F0} ms, solve {row.SolveMs:F0} ms, mapping {row.MappingMs:F0} ms, end to end {row.EndToEndMs:F0} ms (median; {row.EndToEndMinMs:F0}–{row.EndToEndMaxMs:F0} over {row.Runs})");
}

var command = $"dotnet run -c Release --project tests/Benchmarks/Matching.Benchmarks -- --sizes {string.Join(',', options.Sizes)} --repeats {options.Repeats}{(options.Rounds is { } rounds ? $" --rounds {rounds}" : "")}";
var table = BenchmarkReport.Table(rows, command);
Console.WriteLine(table);
var notes = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "benchmark-notes.md"));
BenchmarkReport.WriteSection(options.Output, notes.Replace("{{results}}", table));
Console.WriteLine($"Wrote the matching section of {options.Output}");
return 0;
