using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// Where a clustering call's time goes, on the same 50,000 respondents as <see cref="ClusteringBenchmarks"/>: the
/// ML.NET pieces a restart is made of (built as the engine builds them: floats converted once, one data view), and
/// the silhouette estimate. One operation = one call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 30)]
public class ClusteringCostBenchmarks
{
    private const int K = 5;
    private double[][] _rows = null!;
    private FeatureRow[] _features = null!;
    private IDataView _view = null!;
    private int[] _assignments = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = ClusterData.Respondents(50_000, seed: 42);
        _features = [.. _rows.Select(r => new FeatureRow { Features = [.. r.Select(v => (float)v)] })];
        _view = View();
        _assignments = ((Clustered)KMeansClusterer.Cluster(_rows, K)).Assignments;
    }

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
        return new MLContext(seed: 0).Data.LoadFromEnumerable(_features, schema);
    }

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
