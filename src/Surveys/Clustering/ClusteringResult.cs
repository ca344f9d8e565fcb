namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>
/// What clustering found: <see cref="Clustered"/>, or <see cref="NotClustered"/> when there is too little data to
/// cluster honestly, in which case callers report readiness bands instead of inventing groups.
/// </summary>
/// <param name="Rows">Rows given.</param>
/// <param name="DistinctRows">Rows left once exact duplicates (as the single-precision values the saved model works in) are counted once.</param>
public abstract record ClusteringResult(int Rows, int DistinctRows);

/// <summary>Too few distinct rows for the k asked for; <see cref="Reason"/> says so in a sentence a coach can read.</summary>
public sealed record NotClustered(int Rows, int DistinctRows, int RequiredDistinctRows, string Reason)
    : ClusteringResult(Rows, DistinctRows);

/// <summary>
/// Clusters in a stable order: by centroid mean, highest first (ties by the centroid's values, highest first), so
/// cluster 0 is the most ready profile whatever order the restart found them in.
/// </summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Inertia">Within-cluster sum of squares: the sum over rows of the squared Euclidean distance to their cluster's centroid, in the rows' own space.</param>
/// <param name="Assignments">The cluster (0-based, in this result's order) of each row, in input order: the one whose centroid is nearest (the lower one on a tie), which is what the saved model predicts.</param>
/// <param name="Centroids">The mean of each cluster's rows, in double precision; the saved model holds them in single precision.</param>
/// <param name="Sizes">Rows per cluster.</param>
/// <param name="OverallMeans">Mean of every row, per column: the reference <see cref="ClusterNames"/> compares centroids with.</param>
/// <param name="Silhouette">Mean silhouette of the rows (see <see cref="Clustering.Silhouette"/>), from -1 to 1; higher is better separated. Computed only when k was chosen (null when it was given).</param>
/// <param name="SilhouettePoints">Rows the silhouette was computed on: all of them, or a seeded sample for large inputs; 0 when it was not computed.</param>
/// <param name="Candidates">Each k that was tried, with its inertia and silhouette; k was chosen by the highest silhouette.</param>
/// <param name="Restarts">KMeans++ restarts tried per k.</param>
/// <param name="RestartSeed">The seed of the KMeans++ start that won.</param>
public sealed record Clustered(
    int Rows,
    int DistinctRows,
    int K,
    double Inertia,
    int[] Assignments,
    double[][] Centroids,
    int[] Sizes,
    double[] OverallMeans,
    double? Silhouette,
    int SilhouettePoints,
    IReadOnlyList<KCandidate> Candidates,
    int Restarts,
    int RestartSeed)
    : ClusteringResult(Rows, DistinctRows)
{
    /// <summary>
    /// The clustering as an ML.NET KMeans model, whose centroids are <see cref="Centroids"/> in single precision.
    /// Built on each call, by ML.NET: the offline command never needs one, and ML.NET's start-up would be most of its time.
    /// </summary>
    public ClusterModel ToModel() => ClusterModel.Fit(Centroids, RestartSeed);

    /// <summary>Writes the model's zip (<see cref="ToModel"/>); load it with MLContext.Model.Load.</summary>
    public void SaveModel(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToModel().Zip);
    }
}

/// <summary>One k tried: the winning restart's inertia and, when k was being chosen, the silhouette of its clusters.</summary>
public sealed record KCandidate(int K, double Inertia, double? Silhouette);
