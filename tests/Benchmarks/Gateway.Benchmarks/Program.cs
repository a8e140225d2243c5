using Marketplace.Gateway.Benchmarks;

var options = BenchmarkOptions.Parse(args);
var root = BenchmarkRun.RepositoryRoot();
LocalBroker broker;
try
{
    broker = await LocalBroker.EnsureAsync(root);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using var stopBroker = broker;
if (options.Build) BenchmarkRun.BuildHostsInRelease(root);
var results = await new BenchmarkRun(options, root).RunAsync();
var section = BenchmarkReport.Render(options, results, args);
Console.WriteLine(section);
if (options.WriteDocs) BenchmarkReport.WriteSection(Path.Combine(root, "docs", "benchmarks.md"), section);
return 0;
