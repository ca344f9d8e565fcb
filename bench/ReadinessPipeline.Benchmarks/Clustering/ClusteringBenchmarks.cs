using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// The clustering engine on 50,000 staff respondents' ten dimension scores (five overlapping personas) and on 300
/// school profiles, one training thread, and the ML.NET pieces a run is made of, to show where the time goes.
/// One operation = one call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ClusteringBenchmarks
{
    private const int Respondents = 50_000;
    private const int K = 5;
    private double[][] _rows = null!;
    private double[][] _schools = null!;
    private IDataView _view = null!;
    private int[] _assignments = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = ClusterData.Respondents(Respondents, seed: 42);
        _schools = ClusterData.Respondents(300, seed: 42);
        _view = View();
        _assignments = ((Clustered)KMeansClusterer.Cluster(_rows, K)).Assignments;
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

    [Benchmark(Description = "ML.NET: data view over the rows, one cursor pass")]
    public long DataView()
    {
        var view = View();
        using var cursor = view.GetRowCursor(view.Schema);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[0]);
        var features = default(VBuffer<float>);
        long rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref features);
            rows++;
        }

        return rows;
    }

    [Benchmark(Description = "ML.NET: one Fit, KMeans++ start + 1 Lloyd iteration")]
    public ClusteringPredictionTransformer<KMeansModelParameters> FitOneIteration() => Fit(1);

    [Benchmark(Description = "ML.NET: one Fit, KMeans++ start + 20 Lloyd iterations")]
    public ClusteringPredictionTransformer<KMeansModelParameters> FitTwentyIterations() => Fit(20);

    [Benchmark(Description = "Silhouette of 2,000 sampled rows")]
    public double SampledSilhouette() => Silhouette.Sampled(_rows, _assignments, K, Silhouette.SampleSize, 42);

    private ClusteringPredictionTransformer<KMeansModelParameters> Fit(int iterations) =>
        new MLContext(seed: 1).Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            NumberOfClusters = K,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = iterations,
            NumberOfThreads = 1,
        }).Fit(_view);

    private IDataView View()
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _rows[0].Length);
        return new MLContext(seed: 0).Data.LoadFromEnumerable(_rows.Select(r => new FeatureRow { Features = [.. r.Select(v => (float)v)] }), schema);
    }

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
