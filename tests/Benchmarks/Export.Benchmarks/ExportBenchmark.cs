using System.Diagnostics;
using System.Globalization;
using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Export.Benchmarks;

/// <summary>Seeds --rows needs (10 % BZ, 30 % CR, the rest GT) through the store port, then exports 10 %, 60 % and
/// 100 % of them as CSV over HTTP and reports, per export, the peak of the managed heap and of the working
/// set above the level before it. A streamed export stays within the same bound whatever the row count.</summary>
public static class ExportBenchmark
{
    public static async Task Main(string[] args)
    {
        var rows = args.Length >= 2 && args[0] == "--rows" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        using var host = new ExportHost();
        host.StartServer();
        var store = host.Services.GetRequiredService<INeedStore>();

        var seed = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < rows; i++)
        {
            var country = i < rows / 10 ? "BZ" : i < rows * 4 / 10 ? "CR" : "GT";
            var draft = new NeedDraft(country, $"Shelter and legal aid, site {i}", "Reception, registration and referral of people in transit, " +
                "with legal counselling; \"costed\" by the national action plan.", "reception-shelter", Money.FromDecimal(100_000m + i, "USD"),
                ["grant", "in-kind"], "high", 1000 + i, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "Northern corridor", $"NAP-{i}");
            var need = new Need($"need_{i:D12}", draft, 0, false, now, now, 1);
            await store.InsertAsync(new NeedChange(need, new NeedPublished(need.ToSnapshot()),
                new AuditEntry(now, "benchmark", country, "need.created", need.Id, [])), CancellationToken.None);
        }
        Console.WriteLine($"seeded {rows} needs in {seed.Elapsed.TotalSeconds:F1} s");

        var client = host.ClientAs("secretariat", "UNHCR-OAS");
        Console.WriteLine("| export | rows | CSV bytes | seconds | peak managed heap above start (MB) | peak working set above start (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, path) in new[] { ("country=BZ", "/api/v1/needs?country=BZ&format=csv"), ("country=GT", "/api/v1/needs?country=GT&format=csv"), ("all", "/api/v1/needs?format=csv") })
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var heapStart = GC.GetTotalMemory(false);
            var workingSetStart = Environment.WorkingSet;
            long heapPeak = heapStart, workingSetPeak = workingSetStart;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                    workingSetPeak = Math.Max(workingSetPeak, Environment.WorkingSet);
                    await Task.Delay(5);
                }
            });
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            long bytes = 0, lines = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {lines - 1} | {bytes} | {watch.Elapsed.TotalSeconds:F1} | {(heapPeak - heapStart) / 1048576.0:F1} | {(workingSetPeak - workingSetStart) / 1048576.0:F1} |"));
        }
    }
}
