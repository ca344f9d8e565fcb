namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>
/// What clustering found: <see cref="Clustered"/>, or <see cref="NotClustered"/> when there is too little data to
/// cluster honestly, in which case callers report readiness bands instead of inventing groups.
/// </summary>
/// <param name="Rows">Rows given.</param>
/// <param name="DistinctRows">Rows left once exact duplicates (as the single-precision values ML.NET trains on) are counted once.</param>
public abstract record ClusteringResult(int Rows, int DistinctRows);

/// <summary>Too few distinct rows for the k asked for; <see cref="Reason"/> says so in a sentence a coach can read.</summary>
public sealed record NotClustered(int Rows, int DistinctRows, int RequiredDistinctRows, string Reason)
    : ClusteringResult(Rows, DistinctRows);

/// <summary>
/// Clusters in a stable order: by centroid mean, highest first (ties by the centroid's values, highest first), so
/// cluster 0 is the most ready profile whatever order ML.NET's labels came in.
/// </summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Inertia">Within-cluster sum of squares: the sum over rows of the squared Euclidean distance to their cluster's centroid, in the rows' own space.</param>
/// <param name="Assignments">The cluster (0-based, in this result's order) of each row, in input order: the one whose model centroid is nearest, as the saved model predicts.</param>
/// <param name="Centroids">The mean of each cluster's rows, in double precision. The model's single-precision centroids agree to about 1e-7 relative.</param>
/// <param name="Sizes">Rows per cluster.</param>
/// <param name="OverallMeans">Mean of every row, per column: the reference <see cref="ClusterNames"/> compares centroids with.</param>
/// <param name="Silhouette">Mean silhouette of the rows (see <see cref="Clustering.Silhouette"/>), from -1 to 1; higher is better separated.</param>
/// <param name="SilhouettePoints">Rows the silhouette was computed on: all of them, or a seeded sample for large inputs.</param>
/// <param name="Candidates">Each k that was tried, with its inertia and silhouette; k was chosen by the highest silhouette.</param>
/// <param name="Restarts">KMeans++ restarts tried per k.</param>
/// <param name="ModelSeed">The MLContext seed of the restart that won, for reproducing the model with ML.NET alone.</param>
/// <param name="ModelLabels">The ML.NET PredictedLabel (1-based) of each cluster of this result, since the model keeps its own order.</param>
/// <param name="Model">The trained ML.NET model (a zip, as MLContext.Model.Save writes it, with fixed timestamps so the bytes repeat).</param>
public sealed record Clustered(
    int Rows,
    int DistinctRows,
    int K,
    double Inertia,
    int[] Assignments,
    double[][] Centroids,
    int[] Sizes,
    double[] OverallMeans,
    double Silhouette,
    int SilhouettePoints,
    IReadOnlyList<KCandidate> Candidates,
    int Restarts,
    int ModelSeed,
    int[] ModelLabels,
    byte[] Model)
    : ClusteringResult(Rows, DistinctRows)
{
    /// <summary>Writes <see cref="Model"/>; load it with MLContext.Model.Load.</summary>
    public void SaveModel(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Model);
    }
}

/// <summary>One k tried: the winning restart's inertia and the silhouette of its clusters.</summary>
public sealed record KCandidate(int K, double Inertia, double Silhouette);
