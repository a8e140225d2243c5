using Marketplace.Gateway.Benchmarks;

var options = BenchmarkOptions.Parse(args);
var root = BenchmarkRun.RepositoryRoot();
if (options.Build) BenchmarkRun.BuildHostsInRelease(root);
var results = await new BenchmarkRun(options, root).RunAsync();
var section = BenchmarkReport.Render(options, results, args);
Console.WriteLine(section);
if (options.WriteDocs) BenchmarkReport.WriteSection(Path.Combine(root, "docs", "benchmarks.md"), section);
