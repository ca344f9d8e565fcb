using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Tests.Clustering;

public class ClusterNamesTests
{
    // The cut points of the product's frameworks (framework.json "bands").
    private static readonly ProfileLevel[] Bands = [new("Beginning", 1.0), new("Emerging", 2.5), new("Developing", 3.25), new("Ready", 4.0)];
    private static readonly string[] Dimensions = ["Leadership", "Technology", "Autonomies", "Professional learning"];
    private static readonly double[] Network = [3.0, 3.0, 3.0, 3.0];

    [Fact]
    public void Level_strengths_and_gaps_are_read_off_the_centroid()
    {
        // Mean 13/4 = 3.25 reaches Developing exactly. Differences +0.75, -0.5, +0.5, +0.25: three strengths, of
        // which the two largest are named, and one gap.
        var name = ClusterNames.Name([3.75, 2.5, 3.5, 3.25], Dimensions, Network, Bands);

        Assert.Equal("Developing: strong leadership and autonomies, gaps in technology", name);
    }

    [Fact]
    public void Gaps_are_listed_largest_first()
    {
        // Mean 2.625: Emerging. Differences -0.25, -0.75, 0, -0.5.
        var name = ClusterNames.Name([2.75, 2.25, 3.0, 2.5], Dimensions, Network, Bands);

        Assert.Equal("Emerging: gaps in technology and professional learning", name);
    }

    [Fact]
    public void Differences_under_a_quarter_point_are_not_named()
    {
        var name = ClusterNames.Name([4.2, 4.1, 4.0, 4.1], Dimensions, [4.0, 4.0, 4.0, 4.0], Bands);

        Assert.Equal("Ready: even profile", name);
    }

    [Fact]
    public void A_mean_below_every_cut_point_gets_the_lowest_level()
    {
        var name = ClusterNames.Name([0.5, 0.5, 0.5, 0.5], Dimensions, Network, Bands);

        Assert.Equal("Beginning: gaps in leadership and technology", name);
    }

    [Fact]
    public void Acronyms_keep_their_capitals()
    {
        var name = ClusterNames.Name([3.0, 4.0], ["SEL and mindsets", "Engaged learning"], [3.5, 3.5], Bands);

        Assert.Equal("Developing: strong engaged learning, gaps in SEL and mindsets", name);
    }

    [Fact]
    public void Names_that_coincide_show_their_means_and_then_a_number()
    {
        double[][] centroids =
        [
            [3.5, 3.5, 3.5, 3.5],   // Developing, +0.5 everywhere: strong leadership and technology
            [3.3, 3.3, 3.3, 3.3],   // Developing (3.30): even profile
            [3.4, 3.4, 3.4, 3.4],   // Developing (3.40): even profile
            [2.0, 2.0, 2.0, 2.0],   // Beginning, -1 everywhere, twice
            [2.0, 2.0, 2.0, 2.0],
        ];
        double[] means = [3.2, 3.2, 3.2, 3.2];

        var names = ClusterNames.NameAll(centroids, Dimensions, means, Bands);

        Assert.Equal(
            [
                "Developing: strong leadership and technology",
                "Developing (3.30): even profile",
                "Developing (3.40): even profile",
                "Beginning (2.00): gaps in leadership and technology #1",
                "Beginning (2.00): gaps in leadership and technology #2",
            ],
            names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Names_of_a_real_result_are_unique()
    {
        var rows = ClusterData.Respondents(3_000, seed: 6);
        var result = Assert.IsType<Clustered>(KMeansClusterer.ClusterBestK(rows, 2, 8));
        var dimensions = Enumerable.Range(1, 10).Select(d => $"Dimension {d}").ToArray();

        var names = ClusterNames.NameAll(result.Centroids, dimensions, result.OverallMeans, Bands);

        Assert.Equal(result.K, names.Distinct().Count());
        Assert.All(names, n => Assert.DoesNotMatch("^Cluster", n));
    }

    [Fact]
    public void Mismatched_lengths_and_unordered_levels_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ClusterNames.Name([3.0, 3.0], Dimensions, Network, Bands));
        Assert.Throws<ArgumentException>(() => ClusterNames.Name([3.0, 3.0, 3.0, 3.0], Dimensions, Network, [new("Ready", 4.0), new("Emerging", 2.5)]));
    }
}
