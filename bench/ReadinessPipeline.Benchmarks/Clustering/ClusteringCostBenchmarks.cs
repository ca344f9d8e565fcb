using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// Where a clustering call's time goes, on the same 50,000 respondents as <see cref="ClusteringBenchmarks"/>: reading
/// them from CSV, one restart, the ML.NET model of a result and the silhouette estimate; and, as the reason the
/// engine trains with its own code, ML.NET's trainer doing the engine's job (eight screened restarts, one after the
/// other and two at a time). One operation = one call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 20)]
public class ClusteringCostBenchmarks
{
    private const int K = 5;
    private double[][] _rows = null!;
    private string _csv = null!;
    private Clustered _result = null!;
    private IDataView _view = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = ClusterData.Respondents(50_000, seed: 42);
        _csv = Encoding.UTF8.GetString(VectorCsv.Write(new VectorTable([.. Enumerable.Range(1, 10).Select(d => $"d{d}")], _rows)));
        _result = (Clustered)KMeansClusterer.Cluster(_rows, K);
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _rows[0].Length);
        _view = new MLContext(seed: 0).Data.LoadFromEnumerable([.. _rows.Select(r => new FeatureRow { Features = [.. r.Select(v => (float)v)] })], schema);
    }

    [Benchmark(Description = "Read the 50,000 rows from CSV (VectorCsv.Read)")]
    public VectorTable ReadCsv() => VectorCsv.Read(new StringReader(_csv));

    [Benchmark(Description = "Engine: one restart run to convergence (Restarts = 1)")]
    public ClusteringResult OneRestart() => KMeansClusterer.Cluster(_rows, K, new ClusterOptions { Restarts = 1 });

    [Benchmark(Description = "ML.NET model of a result (fitted on its 5 centroids, saved)")]
    public ClusterModel Model() => _result.ToModel();

    [Benchmark(Description = "Silhouette of 2,000 sampled rows")]
    public double SampledSilhouette() => Silhouette.Sampled(_rows, _result.Assignments, K, Silhouette.SampleSize, 42);

    [Benchmark(Description = "ML.NET trainer: one Fit, KMeans++ start + 1 Lloyd iteration")]
    public ClusteringPredictionTransformer<KMeansModelParameters> FitOneIteration() => Fit(1, 1);

    [Benchmark(Description = "ML.NET trainer: 8 Fits of 20 iterations + the best to convergence, one after the other")]
    public ClusteringPredictionTransformer<KMeansModelParameters> MlNetScreened()
    {
        for (var seed = 1; seed <= 8; seed++)
        {
            Fit(seed, 20);
        }

        return Fit(1, 300);
    }

    [Benchmark(Description = "ML.NET trainer: the same with the 8 Fits in parallel")]
    public ClusteringPredictionTransformer<KMeansModelParameters> MlNetScreenedParallel()
    {
        Parallel.For(1, 9, seed => Fit(seed, 20));
        return Fit(1, 300);
    }

    private ClusteringPredictionTransformer<KMeansModelParameters> Fit(int seed, int iterations) =>
        new MLContext(seed).Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            NumberOfClusters = K,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = iterations,
            NumberOfThreads = 1,
        }).Fit(_view);

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
