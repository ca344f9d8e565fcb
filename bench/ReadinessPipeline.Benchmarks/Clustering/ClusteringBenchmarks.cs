using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// The clustering engine on 50,000 staff respondents' ten dimension scores (five overlapping personas) and on 300
/// school profiles, one training thread. One operation = one call. <see cref="ClusteringCostBenchmarks"/> has the
/// pieces a call is made of.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ClusteringBenchmarks
{
    private const int Respondents = 50_000;
    private const int K = 5;
    private double[][] _rows = null!;
    private double[][] _schools = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = ClusterData.Respondents(Respondents, seed: 42);
        _schools = ClusterData.Respondents(300, seed: 42);
    }

    [Benchmark(Description = "Engine: k = 5, 8 restarts screened at 20 iterations (default)")]
    public ClusteringResult Default() => KMeansClusterer.Cluster(_rows, K);

    [Benchmark(Description = "Engine: k = 5, 8 restarts each run to convergence")]
    public ClusteringResult Unscreened() => KMeansClusterer.Cluster(_rows, K, new ClusterOptions { ScreeningIterations = ClusterOptions.Default.MaxIterations });

    [Benchmark(Description = "Engine: k = 5, 1 restart")]
    public ClusteringResult OneRestart() => KMeansClusterer.Cluster(_rows, K, new ClusterOptions { Restarts = 1 });

    [Benchmark(Description = "Engine: best k in 2..8 by sampled silhouette, 8 restarts each")]
    public ClusteringResult BestK() => KMeansClusterer.ClusterBestK(_rows, 2, 8);

    [Benchmark(Description = "Engine: best k in 2..8 for 300 schools (exact silhouette)")]
    public ClusteringResult SchoolsBestK() => KMeansClusterer.ClusterBestK(_schools, 2, 8);
}
