using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Tests.Clustering;

public class SilhouetteTests
{
    // Points on the line through the origin in direction (0.6, 0.8), at positions 0, 2 | 5, 6 | 20, so each
    // distance is the difference of positions. Clusters A = {0, 2}, B = {5, 6}, C = {20}.
    //   0: a = 2, b = min(mean(5, 6), 20) = 5.5, s = 3.5 / 5.5 = 7/11
    //   2: a = 2, b = min(mean(3, 4), 18) = 3.5, s = 1.5 / 3.5 = 3/7
    //   5: a = 1, b = min(mean(5, 3), 15) = 4,   s = 3/4
    //   6: a = 1, b = min(mean(6, 4), 14) = 5,   s = 4/5
    //  20: alone in its cluster, s = 0
    private static readonly double[][] Line = [.. new[] { 0.0, 2, 5, 6, 20 }.Select(t => new[] { 0.6 * t, 0.8 * t })];
    private static readonly int[] LineClusters = [0, 0, 1, 1, 2];

    [Fact]
    public void Exact_silhouette_matches_the_hand_computed_value()
    {
        var expected = ((7.0 / 11) + (3.0 / 7) + (3.0 / 4) + (4.0 / 5) + 0) / 5;

        Assert.Equal(expected, Silhouette.Exact(Line, LineClusters, 3), 12);
    }

    [Fact]
    public void Renumbering_the_clusters_does_not_change_the_silhouette()
    {
        Assert.Equal(Silhouette.Exact(Line, LineClusters, 3), Silhouette.Exact(Line, [2, 2, 0, 0, 1], 3), 12);
    }

    [Fact]
    public void Rows_with_no_other_cluster_to_compare_with_score_zero()
    {
        Assert.Equal(0, Silhouette.Exact(Line, [0, 0, 0, 0, 0], 2));
    }

    [Fact]
    public void A_sample_as_large_as_the_data_is_the_exact_value()
    {
        Assert.Equal(Silhouette.Exact(Line, LineClusters, 3), Silhouette.Sampled(Line, LineClusters, 3, sampleSize: 10, seed: 1));
    }

    [Fact]
    public void Sampled_silhouette_is_close_to_the_exact_one()
    {
        var rows = ClusterData.Respondents(6_000, seed: 3);
        var clusters = Assert.IsType<Clustered>(KMeansClusterer.Cluster(rows, 5)).Assignments;

        var exact = Silhouette.Exact(rows, clusters, 5);
        var sampled = Silhouette.Sampled(rows, clusters, 5, Silhouette.SampleSize, seed: 42);
        var estimate = Silhouette.Estimate(rows, clusters, 5, seed: 42);

        Assert.InRange(sampled - exact, -0.02, 0.02);
        Assert.Equal((sampled, Silhouette.SampleSize), estimate);
    }

    [Fact]
    public void Estimate_is_exact_up_to_the_limit()
    {
        var rows = ClusterData.Respondents(Silhouette.ExactLimit, seed: 5);
        var clusters = Assert.IsType<Clustered>(KMeansClusterer.Cluster(rows, 3)).Assignments;

        Assert.Equal((Silhouette.Exact(rows, clusters, 3), Silhouette.ExactLimit), Silhouette.Estimate(rows, clusters, 3, seed: 1));
    }

    [Fact]
    public void Assignments_must_match_the_rows()
    {
        Assert.Throws<ArgumentException>(() => Silhouette.Exact(Line, [0, 1], 2));
        Assert.Throws<ArgumentException>(() => Silhouette.Exact(Line, [0, 0, 1, 1, 3], 3));
    }
}
