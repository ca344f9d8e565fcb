using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// How good the clustering engine's optimum is, next to a best-of-10 KMeans++ Lloyd reference that shares no code
/// with it, and how often a single restart falls short; plus determinism and the sampled
/// silhouette's error. Prints a Markdown table for bench/RESULTS.md.
/// </summary>
public static class ClusterQuality
{
    public static int Run()
    {
        var cases = new (string Name, double[][] Rows, int K)[]
        {
            ("5 blobs, 10-D, SD 0.5 (well separated), n = 2,000", ClusterData.Blobs(2_000, 5, 10, 0.5, seed: 11).Rows, 5),
            ("5 blobs, 10-D, SD 2.5 (overlapping), n = 2,000", ClusterData.Blobs(2_000, 5, 10, 2.5, seed: 11).Rows, 5),
            ("survey-like respondents, 10-D, n = 3,000", ClusterData.Respondents(3_000, seed: 7), 5),
            ("survey-like respondents, 10-D, n = 50,000", ClusterData.Respondents(50_000, seed: 42), 5),
        };

        Console.WriteLine("| data (k = 5) | reference WCSS (best of 10) | engine WCSS | engine / reference | screening off / reference | single restarts (seeds 1-8) more than 1 % above the reference, worst | same JSON twice |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|:---:|");
        foreach (var (name, rows, k) in cases)
        {
            var reference = ReferenceKMeans.BestOf(rows, k, seeds: 10).Inertia;
            var engine = (Clustered)KMeansClusterer.Cluster(rows, k);
            var again = (Clustered)KMeansClusterer.Cluster(rows, k);
            var unscreened = (Clustered)KMeansClusterer.Cluster(rows, k, new ClusterOptions { ScreeningIterations = ClusterOptions.Default.MaxIterations });
            var singles = Enumerable.Range(1, 8).Select(s => ((Clustered)KMeansClusterer.Cluster(rows, k, new ClusterOptions { Seed = s, Restarts = 1 })).Inertia / reference).ToArray();
            var same = JsonSerializer.Serialize(engine) == JsonSerializer.Serialize(again);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {reference:N1} | {engine.Inertia:N1} | {engine.Inertia / reference:F4} | {unscreened.Inertia / reference:F4} | {singles.Count(r => r > 1.01)} of 8, {singles.Max():F3} | {(same ? "yes" : "NO")} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| data | exact silhouette | sampled (2,000 rows, seed 42) | difference | exact time | sampled time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var n in new[] { 6_000, 12_000 })
        {
            var rows = ClusterData.Respondents(n, seed: 3);
            var clusters = ((Clustered)KMeansClusterer.Cluster(rows, 5)).Assignments;
            var watch = Stopwatch.StartNew();
            var exact = Silhouette.Exact(rows, clusters, 5);
            var exactTime = watch.Elapsed;
            watch.Restart();
            var sampled = Silhouette.Sampled(rows, clusters, 5, Silhouette.SampleSize, 42);
            var sampledTime = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| survey-like respondents, k = 5, n = {n:N0} | {exact:F4} | {sampled:F4} | {sampled - exact:+0.0000;-0.0000} | {exactTime.TotalMilliseconds:N0} ms | {sampledTime.TotalMilliseconds:N0} ms |"));
        }

        return 0;
    }
}
