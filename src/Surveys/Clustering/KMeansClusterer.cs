using System.Globalization;

namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>
/// Groups numeric rows (schools' or staff respondents' dimension scores) into readiness profiles or personas with
/// KMeans, deterministically. Rows are clustered as given: callers scale them first if they want to.
/// </summary>
/// <remarks>
/// KMeans alone often stops at a poor local optimum, so each k gets several greedy KMeans++ starts, each with its own
/// seed derived from <see cref="ClusterOptions.Seed"/>, and keeps the one with the lowest within-cluster sum of
/// squares. Restarts run in parallel; each is sequential and the winner is chosen in restart order, so the result is
/// the same whatever the number of cores. Rows are clustered in a canonical order (sorted by value), so the same rows
/// in any order get the same clusters: storage may hand back a round's scores in a different order on a rebuild.
/// <para>
/// Restarts are screened. Measured on 50,000 survey-like rows: restarts that reach the good optimum converge in
/// 4-9 Lloyd iterations, while those headed for a poor one crawl through 60-115 iterations, and are already about
/// 16 % worse after 10. So every restart runs <see cref="ClusterOptions.ScreeningIterations"/> iterations, and only
/// the best is carried on to convergence.
/// </para>
/// <para>
/// The training is this project's own code, not ML.NET's trainer: measured on 50,000 rows, each ML.NET Fit costs about
/// 13 ms before its first iteration (a cache of the rows, cursor passes for KMeans++) and 1.5 ms per iteration, so
/// eight screened restarts took 353 ms, and ML.NET's start-up and JIT made up most of a cold `readiness cluster`.
/// Here a restart is a few milliseconds (bench/RESULTS.md, "Clustering"). The model a report saves is still
/// ML.NET's (<see cref="ClusterModel"/>), built from the final centroids when it is first asked for.
/// </para>
/// </remarks>
public static class KMeansClusterer
{
    /// <summary>Clusters <paramref name="rows"/> into <paramref name="k"/> clusters (k at least 2). No silhouette is computed.</summary>
    /// <exception cref="ArgumentException">Rows of different lengths, or a value that is not finite in single precision.</exception>
    public static ClusteringResult Cluster(IReadOnlyList<double[]> rows, int k, ClusterOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        return Run(rows, k, k, options ?? ClusterOptions.Default);
    }

    /// <summary>
    /// Clusters with each k from <paramref name="kMin"/> to <paramref name="kMax"/> and keeps the k with the highest
    /// mean silhouette (the smaller k on a tie). k above half the distinct rows is not tried, so every cluster can
    /// have two distinct rows on average; the silhouette is exact up to <see cref="Silhouette.ExactLimit"/> rows
    /// and estimated from a seeded sample of <see cref="Silhouette.SampleSize"/> rows above that.
    /// </summary>
    public static ClusteringResult ClusterBestK(IReadOnlyList<double[]> rows, int kMin, int kMax, ClusterOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kMin, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(kMax, kMin);
        return Run(rows, kMin, kMax, options ?? ClusterOptions.Default);
    }

    private static ClusteringResult Run(IReadOnlyList<double[]> rows, int kMin, int kMax, ClusterOptions options)
    {
        options.Validate();
        var data = TrainingRows.From(rows);
        var required = Math.Max(options.MinimumRows, 2 * kMin);
        if (data.Distinct < required)
        {
            var clusters = kMin == kMax ? $"{kMin} clusters" : $"at least {kMin} clusters";
            var found = data.Distinct == data.Count ? $"{data.Count} rows" : $"{data.Count} rows, {data.Distinct} of them distinct";
            return new NotClustered(data.Count, data.Distinct, required,
                $"Too few to cluster: {found}; {clusters} need at least {required} distinct rows.");
        }

        var columns = new FeatureColumns(data.Values, data.Count, data.Dimensions);
        var chooseK = kMin < kMax;
        Fit? best = null;
        var candidates = new List<KCandidate>();
        for (var k = kMin; k <= Math.Min(kMax, data.Distinct / 2); k++)
        {
            var fit = FitBestRestart(data, columns, k, options);
            if (chooseK)
            {
                var (silhouette, points) = Silhouette.Estimate(data.Values, data.Dimensions, fit.Assignments, k, options.Seed);
                fit = fit with { Silhouette = silhouette, SilhouettePoints = points };
            }

            candidates.Add(new KCandidate(k, fit.Inertia, fit.Silhouette));
            if (best is null || fit.Silhouette > best.Silhouette)
            {
                best = fit;
            }
        }

        return Result(data, best!, candidates, options);
    }

    private static Fit FitBestRestart(TrainingRows data, FeatureColumns columns, int k, ClusterOptions options)
    {
        var screen = options.Restarts > 1 && options.ScreeningIterations < options.MaxIterations;
        var restarts = new KMeansRestart[options.Restarts];
        Parallel.For(0, restarts.Length, restart =>
        {
            restarts[restart] = KMeansRestart.Start(columns, k, RestartSeed(options.Seed, restart));
            restarts[restart].Iterate(screen ? options.ScreeningIterations : options.MaxIterations);
        });

        var kept = restarts[0];
        foreach (var restart in restarts.Skip(1))
        {
            kept = restart.IsBetterThan(kept) ? restart : kept;
        }

        kept.Iterate(options.MaxIterations - kept.Iterations);
        var (centroids, inertia) = data.Centroids(kept.Assignments, kept.Sizes, kept.Centroids());
        return new Fit(kept.Seed, k, centroids, kept.Assignments, kept.Sizes, inertia);
    }

    private static Clustered Result(TrainingRows data, Fit fit, List<KCandidate> candidates, ClusterOptions options)
    {
        var k = fit.K;
        var means = fit.Centroids.Select(c => c.Average()).ToArray();
        var order = Enumerable.Range(0, k).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var byMean = means[y].CompareTo(means[x]);
            for (var d = 0; byMean == 0 && d < data.Dimensions; d++)
            {
                byMean = fit.Centroids[y][d].CompareTo(fit.Centroids[x][d]);
            }

            return byMean != 0 ? byMean : x.CompareTo(y);
        });

        var renumber = new int[k];
        for (var position = 0; position < k; position++)
        {
            renumber[order[position]] = position;
        }

        return new Clustered(
            data.Count,
            data.Distinct,
            k,
            fit.Inertia,
            data.InInputOrder(fit.Assignments, a => renumber[a]),
            [.. order.Select(c => fit.Centroids[c])],
            [.. order.Select(c => fit.Sizes[c])],
            data.ColumnMeans(),
            fit.Silhouette,
            fit.SilhouettePoints,
            candidates,
            options.Restarts,
            fit.Seed);
    }

    /// <summary>A different, well-mixed seed per restart (SplitMix64's finalizer), so nearby seeds do not give nearby starts.</summary>
    private static int RestartSeed(int seed, int restart)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)restart) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>The restart kept for one k, measured in the rows' own space.</summary>
    private sealed record Fit(int Seed, int K, double[][] Centroids, int[] Assignments, int[] Sizes, double Inertia)
    {
        public double? Silhouette { get; init; }

        public int SilhouettePoints { get; init; }
    }

    /// <summary>
    /// The rows as flat doubles in canonical order (sorted by their single-precision values, then their double ones),
    /// checked once: every value finite in single precision (the saved model's). Sorted, rows that are the same in
    /// single precision sit side by side, which makes them cheap to count.
    /// </summary>
    private sealed class TrainingRows
    {
        private readonly int[] _inputIndex;

        private TrainingRows(double[] values, int[] inputIndex, int dimensions, int distinct)
        {
            Values = values;
            _inputIndex = inputIndex;
            Dimensions = dimensions;
            Distinct = distinct;
        }

        public double[] Values { get; }

        public int Dimensions { get; }

        public int Count => _inputIndex.Length;

        public int Distinct { get; }

        public static TrainingRows From(IReadOnlyList<double[]> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            var dimensions = rows.Count == 0 ? 0 : rows[0]?.Length ?? 0;
            var input = new double[rows.Count * dimensions];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
                if (row.Length != dimensions || dimensions == 0)
                {
                    throw new ArgumentException($"Row {i} has {row.Length} values; every row needs the same number (at least one) as row 0, which has {dimensions}.", nameof(rows));
                }

                for (var d = 0; d < dimensions; d++)
                {
                    if (!float.IsFinite((float)row[d]))
                    {
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i}, column {d}: {row[d]} is not a finite number in single precision, which the saved model needs."), nameof(rows));
                    }
                }

                row.CopyTo(input, i * dimensions);
            }

            var order = new int[rows.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Sorted by the first two values first (a primitive key sorts several times faster than a comparer), then
            // each run of rows that share them by the rest.
            var keys = new ulong[rows.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = ((ulong)Sortable(input[i * dimensions]) << 32) | (dimensions > 1 ? Sortable(input[(i * dimensions) + 1]) : 0);
            }

            Array.Sort(keys, order);
            var comparer = new RowOrder(input, dimensions);
            for (var start = 0; start < order.Length;)
            {
                var end = start + 1;
                while (end < order.Length && keys[end] == keys[start])
                {
                    end++;
                }

                order.AsSpan(start, end - start).Sort(comparer);
                start = end;
            }
            var values = new double[input.Length];
            var distinct = 0;
            for (var j = 0; j < order.Length; j++)
            {
                input.AsSpan(order[j] * dimensions, dimensions).CopyTo(values.AsSpan(j * dimensions));
                distinct += j == 0 || !comparer.SameInSinglePrecision(order[j - 1], order[j]) ? 1 : 0;
            }

            return new TrainingRows(values, order, dimensions, distinct);
        }

        /// <summary>A value in single precision as an unsigned number in the same order (0 and -0 alike).</summary>
        private static uint Sortable(double value)
        {
            var single = (float)value;
            var bits = BitConverter.SingleToUInt32Bits(single == 0 ? 0f : single);
            return (bits & 0x8000_0000) == 0 ? bits | 0x8000_0000 : ~bits;
        }

        /// <summary>Per-row values given in canonical order, mapped (by <paramref name="map"/>) and put back in the caller's row order.</summary>
        public int[] InInputOrder(int[] canonical, Func<int, int> map)
        {
            var result = new int[canonical.Length];
            for (var j = 0; j < canonical.Length; j++)
            {
                result[_inputIndex[j]] = map(canonical[j]);
            }

            return result;
        }

        /// <summary>
        /// Each cluster's mean, summed row by row in double precision, and the sum of squared distances of the rows
        /// to their cluster's mean. An empty cluster keeps the centroid it had.
        /// </summary>
        public (double[][] Centroids, double Inertia) Centroids(int[] assignments, int[] sizes, double[][] lastCentroids)
        {
            var centroids = sizes.Select((size, c) => size == 0 ? lastCentroids[c] : new double[Dimensions]).ToArray();
            for (var i = 0; i < Count; i++)
            {
                if (sizes[assignments[i]] > 0)
                {
                    var sum = centroids[assignments[i]];
                    for (var d = 0; d < Dimensions; d++)
                    {
                        sum[d] += Values[(i * Dimensions) + d];
                    }
                }
            }

            for (var c = 0; c < sizes.Length; c++)
            {
                for (var d = 0; sizes[c] > 0 && d < Dimensions; d++)
                {
                    centroids[c][d] /= sizes[c];
                }
            }

            var inertia = 0.0;
            for (var i = 0; i < Count; i++)
            {
                inertia += SquaredDistance(Values.AsSpan(i * Dimensions, Dimensions), centroids[assignments[i]]);
            }

            return (centroids, inertia);
        }

        private static double SquaredDistance(ReadOnlySpan<double> row, double[] centroid)
        {
            var distance = 0.0;
            for (var d = 0; d < row.Length; d++)
            {
                var delta = row[d] - centroid[d];
                distance += delta * delta;
            }

            return distance;
        }

        public double[] ColumnMeans()
        {
            var means = new double[Dimensions];
            for (var i = 0; i < Count; i++)
            {
                for (var d = 0; d < Dimensions; d++)
                {
                    means[d] += Values[(i * Dimensions) + d];
                }
            }

            for (var d = 0; d < Dimensions; d++)
            {
                means[d] /= Count;
            }

            return means;
        }
    }

    /// <summary>Orders rows (by index) by their values in single precision, then in double precision; equal rows are the same row.</summary>
    private readonly struct RowOrder(double[] values, int dimensions) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var rowX = values.AsSpan(x * dimensions, dimensions);
            var rowY = values.AsSpan(y * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                var bySingle = ((float)rowX[d]).CompareTo((float)rowY[d]);
                if (bySingle != 0)
                {
                    return bySingle;
                }
            }

            for (var d = 0; d < dimensions; d++)
            {
                var byDouble = rowX[d].CompareTo(rowY[d]);
                if (byDouble != 0)
                {
                    return byDouble;
                }
            }

            return 0;
        }

        public bool SameInSinglePrecision(int x, int y)
        {
            for (var d = 0; d < dimensions; d++)
            {
                if ((float)values[(x * dimensions) + d] != (float)values[(y * dimensions) + d])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
