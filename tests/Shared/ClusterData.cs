namespace ReadinessPipeline.Testing;

/// <summary>Seeded synthetic rows with known structure, for clustering tests and benchmarks.</summary>
public static class ClusterData
{
    /// <summary>
    /// <paramref name="k"/> Gaussian blobs in <paramref name="dimensions"/> dimensions: centres uniform in [0, 10) per
    /// dimension, rows spread around them with standard deviation <paramref name="spread"/>, blob of row i = i mod k.
    /// </summary>
    public static (double[][] Rows, int[] Labels) Blobs(int n, int k, int dimensions, double spread, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, dimensions).Select(_ => 10 * random.NextDouble()).ToArray()).ToArray();
        var rows = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % k;
            rows[i] = [.. centres[labels[i]].Select(c => c + (spread * Gaussian(random)))];
        }

        return (rows, labels);
    }

    /// <summary>
    /// Staff respondents' ten dimension scores on the 1-5 scale: five personas with means uniform in [1.5, 4.5),
    /// each respondent spread around theirs with SD 0.6 and clipped to 1-5, so the personas overlap.
    /// </summary>
    public static double[][] Respondents(int n, int seed)
    {
        const int Dimensions = 10;
        var random = new Random(seed);
        var personas = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => 1.5 + (3 * random.NextDouble())).ToArray()).ToArray();
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var persona = personas[random.Next(personas.Length)];
            rows[i] = [.. persona.Select(m => Math.Clamp(m + (0.6 * Gaussian(random)), 1, 5))];
        }

        return rows;
    }

    /// <summary>Box-Muller.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
