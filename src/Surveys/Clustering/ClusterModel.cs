using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>
/// A clustering as an ML.NET KMeans model: the file a report keeps beside its inputs, which loads with
/// MLContext.Model.Load and predicts the clustering's clusters.
/// </summary>
/// <param name="Zip">The model as MLContext.Model.Save writes it, entries stored with fixed timestamps so the bytes repeat.</param>
/// <param name="Labels">The model's PredictedLabel (1-based) of each cluster, in the clustering's order.</param>
public sealed record ClusterModel(byte[] Zip, int[] Labels)
{
    private const string FeaturesColumn = "Features";

    // ML.NET stamps each zip entry with the time of saving; a fixed stamp makes the model bytes repeat.
    private static readonly DateTimeOffset ModelTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// ML.NET's KMeans fitted on the centroids themselves. Its trainer cannot start from given centroids, but KMeans++
    /// over k distinct points with k clusters takes every point as a centroid, and a Lloyd iteration leaves each one
    /// where it is (the mean of itself), so the model holds exactly the centroids in single precision. That is
    /// checked here, not assumed.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two centroids are the same in single precision, so no model can tell their clusters apart.</exception>
    internal static ClusterModel Fit(double[][] centroids, int seed)
    {
        var k = centroids.Length;
        var dimensions = centroids[0].Length;
        var points = centroids.Select(c => new FeatureRow { Features = [.. c.Select(v => (float)v)] }).ToArray();
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[0].ColumnName = FeaturesColumn;
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        var context = new MLContext(seed);
        var view = context.Data.LoadFromEnumerable(points, schema);
        var model = context.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = FeaturesColumn,
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = 1,
            NumberOfThreads = 1,
        }).Fit(view);

        VBuffer<float>[] trained = [];
        model.Model.GetClusterCentroids(ref trained, out _);
        var held = trained.Take(k).Select(c => c.DenseValues().ToArray()).ToList();
        var labels = points.Select(p => held.FindIndex(h => h.AsSpan().SequenceEqual(p.Features)) + 1).ToArray();
        if (labels.Contains(0) || labels.Distinct().Count() != k)
        {
            throw new InvalidOperationException($"The ML.NET model of {k} clusters does not hold their {k} centroids: two of them are the same in single precision.");
        }

        return new ClusterModel(Save(context, model, view.Schema), labels);
    }

    private static byte[] Save(MLContext context, ITransformer model, DataViewSchema schema)
    {
        using var saved = new MemoryStream();
        context.Model.Save(model, schema, saved);
        saved.Position = 0;

        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var repacked = new MemoryStream();
        using (var target = new ZipArchive(repacked, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                // Stored, not deflated: the bytes then depend on the model alone, not on the runtime's zlib.
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
                copy.LastWriteTime = ModelTimestamp;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return repacked.ToArray();
    }

    /// <summary>The row type ML.NET reads; the schema above gives its vector a fixed length, which KMeans needs.</summary>
    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
