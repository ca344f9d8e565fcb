namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>How <see cref="KMeansClusterer"/> runs. The same rows with the same options always give the same result.</summary>
public sealed record ClusterOptions
{
    public static ClusterOptions Default { get; } = new();

    /// <summary>Every random choice (KMeans++ seeding of each restart, the silhouette sample) derives from this.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>KMeans++ starts tried per k (in parallel); the one with the lowest within-cluster sum of squares wins.</summary>
    public int Restarts { get; init; } = 8;

    /// <summary>
    /// Lloyd iterations each restart gets before the restarts are compared. Only the winner is then carried on to
    /// convergence; a value of <see cref="MaxIterations"/> or more runs every restart to convergence instead.
    /// </summary>
    public int ScreeningIterations { get; init; } = 20;

    /// <summary>Cap on the Lloyd iterations of the restart that is kept, screening included (it stops earlier once no row changes cluster).</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Fewest distinct rows worth clustering at all (for example schools in a network). Below this, or below two
    /// distinct rows per cluster, the result is <see cref="NotClustered"/> and callers fall back to bands.
    /// </summary>
    public int MinimumRows { get; init; } = 6;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Restarts, 1, nameof(Restarts));
        ArgumentOutOfRangeException.ThrowIfLessThan(ScreeningIterations, 1, nameof(ScreeningIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumRows, 2, nameof(MinimumRows));
    }
}
