namespace ReadinessPipeline.Testing;

/// <summary>
/// A reference to judge the product's ML.NET clustering against, sharing no code with it: plain Lloyd's algorithm
/// from KMeans++ seeding (each next centre drawn with probability proportional to the squared distance to the
/// nearest centre so far), run to a fixed point, best within-cluster sum of squares over several seeds.
/// </summary>
public static class ReferenceKMeans
{
    public static (double Inertia, int[] Assignments, double[][] Centroids) BestOf(double[][] rows, int k, int seeds)
    {
        (double Inertia, int[] Assignments, double[][] Centroids) best = (double.PositiveInfinity, [], []);
        for (var seed = 0; seed < seeds; seed++)
        {
            var run = Lloyd(rows, PlusPlus(rows, k, new Random(seed)));
            if (run.Inertia < best.Inertia)
            {
                best = run;
            }
        }

        return best;
    }

    private static double[][] PlusPlus(double[][] rows, int k, Random random)
    {
        var centres = new List<double[]> { rows[random.Next(rows.Length)] };
        var nearest = rows.Select(r => Squared(r, centres[0])).ToArray();
        while (centres.Count < k)
        {
            var target = random.NextDouble() * nearest.Sum();
            var pick = 0;
            for (var cumulative = nearest[0]; cumulative <= target && pick < rows.Length - 1; cumulative += nearest[++pick])
            {
            }

            centres.Add(rows[pick]);
            for (var i = 0; i < rows.Length; i++)
            {
                nearest[i] = Math.Min(nearest[i], Squared(rows[i], rows[pick]));
            }
        }

        return [.. centres.Select(c => (double[])c.Clone())];
    }

    private static (double Inertia, int[] Assignments, double[][] Centroids) Lloyd(double[][] rows, double[][] centroids)
    {
        var k = centroids.Length;
        var assignments = new int[rows.Length];
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            var changed = iteration == 0;
            for (var i = 0; i < rows.Length; i++)
            {
                var best = 0;
                var bestDistance = Squared(rows[i], centroids[0]);
                for (var c = 1; c < k; c++)
                {
                    var distance = Squared(rows[i], centroids[c]);
                    if (distance < bestDistance)
                    {
                        (best, bestDistance) = (c, distance);
                    }
                }

                changed |= best != assignments[i];
                assignments[i] = best;
            }

            if (!changed)
            {
                break;
            }

            for (var c = 0; c < k; c++)
            {
                var members = rows.Where((_, i) => assignments[i] == c).ToArray();
                if (members.Length > 0)
                {
                    centroids[c] = [.. Enumerable.Range(0, rows[0].Length).Select(d => members.Average(m => m[d]))];
                }
            }
        }

        return (rows.Select((r, i) => Squared(r, centroids[assignments[i]])).Sum(), assignments, centroids);
    }

    private static double Squared(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }

        return sum;
    }
}
