using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>The rows to cluster held column by column (all rows' first value, then all their second, ...), so four consecutive rows fill one <see cref="Vector256{T}"/>.</summary>
internal sealed class FeatureColumns
{
    public FeatureColumns(double[] rowMajor, int count, int dimensions)
    {
        Count = count;
        Dimensions = dimensions;
        Values = new double[rowMajor.Length];
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                Values[(d * count) + i] = rowMajor[(i * dimensions) + d];
            }
        }
    }

    public int Count { get; }

    public int Dimensions { get; }

    /// <summary>Value d of row i is at d * Count + i.</summary>
    public double[] Values { get; }

    /// <summary>Row <paramref name="row"/>'s values, one per dimension.</summary>
    public void CopyRow(int row, Span<double> destination)
    {
        for (var d = 0; d < Dimensions; d++)
        {
            destination[d] = Values[(d * Count) + row];
        }
    }

    /// <summary>
    /// Each row's squared distance to <paramref name="point"/> or its distance in <paramref name="closest"/>, whichever
    /// is lower, written to <paramref name="into"/>; returns their sum (KMeans++'s potential with the point added).
    /// Four rows at a time.
    /// </summary>
    public double ClosestDistances(ReadOnlySpan<double> point, ReadOnlySpan<double> closest, Span<double> into)
    {
        ref var values = ref MemoryMarshal.GetArrayDataReference(Values);
        var sums = Vector256<double>.Zero;
        var i = 0;
        for (; i <= Count - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            ref var rows = ref Unsafe.Add(ref values, i);
            var distance = Vector256<double>.Zero;
            for (var d = 0; d < Dimensions; d++)
            {
                var delta = Vector256.LoadUnsafe(ref rows, (nuint)(d * Count)) - Vector256.Create(point[d]);
                distance += delta * delta;
            }

            var lower = Vector256.Min(distance, Vector256.Create(closest[i..]));
            lower.CopyTo(into[i..]);
            sums += lower;
        }

        var sum = Vector256.Sum(sums);
        for (; i < Count; i++)
        {
            into[i] = Math.Min(SquaredDistance(i, point), closest[i]);
            sum += into[i];
        }

        return sum;
    }

    /// <summary>The same arithmetic, in the same order, as one lane of the vector loops.</summary>
    public double SquaredDistance(int row, ReadOnlySpan<double> point)
    {
        var sum = 0.0;
        for (var d = 0; d < Dimensions; d++)
        {
            var delta = Values[(d * Count) + row] - point[d];
            sum += delta * delta;
        }

        return sum;
    }
}

/// <summary>
/// One KMeans restart in double precision: a greedy KMeans++ start from its own seed, then Lloyd iterations that can
/// be paused (after screening) and resumed (for the restart that is kept).
/// </summary>
/// <remarks>
/// A restart is sequential and touches only its own state, so restarts can run on any number of threads and each
/// gives the same numbers. Vector256 is used explicitly (not Vector&lt;T&gt;, whose width varies by machine) and
/// never fused multiply-add, so the arithmetic is the same with or without hardware vectors.
/// </remarks>
internal sealed class KMeansRestart
{
    private readonly FeatureColumns _rows;
    private readonly double[] _centroids;
    private readonly double[] _sums;
    private readonly int[] _assignments;
    private readonly int[] _sizes;

    private KMeansRestart(FeatureColumns rows, int k, int seed, double[] centroids)
    {
        _rows = rows;
        K = k;
        Seed = seed;
        _centroids = centroids;
        _sums = new double[centroids.Length];
        _assignments = new int[rows.Count];
        _sizes = new int[k];
        Array.Fill(_assignments, -1);
    }

    public int K { get; }

    public int Seed { get; }

    /// <summary>Lloyd iterations run so far (one = assign every row to its nearest centroid, then move each centroid to its rows' mean).</summary>
    public int Iterations { get; private set; }

    /// <summary>True once an assignment pass changed no row: the centroids are the means of their rows, and <see cref="Cost"/> is the inertia.</summary>
    public bool Converged { get; private set; }

    /// <summary>Sum of squared distances from each row to its nearest centroid, as of the last assignment pass.</summary>
    public double Cost { get; private set; }

    /// <summary>Clusters no row was nearest to in the last assignment pass (they keep their centroid).</summary>
    public int EmptyClusters => _sizes.Count(s => s == 0);

    public int[] Assignments => _assignments;

    public int[] Sizes => _sizes;

    public double[][] Centroids() => [.. _centroids.Chunk(_rows.Dimensions)];

    /// <summary>
    /// Greedy KMeans++ (as scikit-learn does it): the first centroid is a uniformly drawn row; each next one is the
    /// best of 2 + ln k rows drawn with probability proportional to their squared distance to the nearest centroid so
    /// far, "best" meaning the lowest sum of those distances once it is added. Rows at distance 0 are never drawn, so
    /// the centroids are distinct rows.
    /// </summary>
    public static KMeansRestart Start(FeatureColumns rows, int k, int seed)
    {
        var n = rows.Count;
        var dimensions = rows.Dimensions;
        var random = new Random(seed);
        var centroids = new double[k * dimensions];
        var candidate = new double[dimensions];
        var trials = 2 + (int)Math.Log(k);

        // Four row-length buffers, needed only here: pooled, since every restart would otherwise put them on the
        // large object heap and bring on a full collection per call.
        var buffers = Enumerable.Range(0, 4).Select(_ => ArrayPool<double>.Shared.Rent(n)).ToArray();
        try
        {
            var closest = buffers[0].AsSpan(0, n);
            var trial = buffers[1].AsSpan(0, n);
            var bestTrial = buffers[2].AsSpan(0, n);
            var cumulative = buffers[3].AsSpan(0, n);
            trial.Fill(double.PositiveInfinity);
            rows.CopyRow(random.Next(n), centroids.AsSpan(0, dimensions));
            rows.ClosestDistances(centroids.AsSpan(0, dimensions), trial, closest);
            for (var c = 1; c < k; c++)
            {
                var total = 0.0;
                for (var i = 0; i < n; i++)
                {
                    total += closest[i];
                    cumulative[i] = total;
                }

                var chosen = -1;
                var chosenPotential = double.PositiveInfinity;
                for (var t = 0; t < trials; t++)
                {
                    var row = Draw(cumulative, closest, random.NextDouble() * total);
                    rows.CopyRow(row, candidate);
                    var potential = rows.ClosestDistances(candidate, closest, trial);
                    if (potential < chosenPotential)
                    {
                        (chosen, chosenPotential) = (row, potential);
                        var swap = trial;
                        trial = bestTrial;
                        bestTrial = swap;
                    }
                }

                rows.CopyRow(chosen, centroids.AsSpan(c * dimensions, dimensions));
                var kept = closest;
                closest = bestTrial;
                bestTrial = kept;
            }
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                ArrayPool<double>.Shared.Return(buffer);
            }
        }

        return new KMeansRestart(rows, k, seed, centroids);
    }

    /// <summary>Runs up to <paramref name="iterations"/> more Lloyd iterations, stopping early once converged.</summary>
    public void Iterate(int iterations)
    {
        for (var run = 0; run < iterations && !Converged; run++)
        {
            if (Assign() == 0)
            {
                Converged = true;
                return;
            }

            MoveCentroids();
            Iterations++;
        }
    }

    /// <summary>No empty cluster beats one, then the lower cost; ties keep the earlier restart (the caller's order).</summary>
    public bool IsBetterThan(KMeansRestart other) =>
        EmptyClusters != other.EmptyClusters ? EmptyClusters < other.EmptyClusters : Cost < other.Cost;

    /// <summary>Assigns every row to its nearest centroid (the lower index on a tie) and returns how many rows changed cluster.</summary>
    /// <remarks>The hot loop of the engine: references instead of indexed arrays, because the column-major offsets defeat bounds-check elimination.</remarks>
    private int Assign()
    {
        var n = _rows.Count;
        var dimensions = _rows.Dimensions;
        ref var values = ref MemoryMarshal.GetArrayDataReference(_rows.Values);
        ref var centroids = ref MemoryMarshal.GetArrayDataReference(_centroids);
        ref var assignments = ref MemoryMarshal.GetArrayDataReference(_assignments);
        var costs = Vector256<double>.Zero;
        var changed = 0;
        var i = 0;
        // Eight rows per step, as two independent vectors, so two chains of additions overlap.
        for (; i <= n - (2 * Vector256<double>.Count); i += 2 * Vector256<double>.Count)
        {
            ref var rows = ref Unsafe.Add(ref values, i);
            var best = Vector256.Create(double.PositiveInfinity);
            var best2 = best;
            var nearest = Vector256<long>.Zero;
            var nearest2 = nearest;
            for (var c = 0; c < K; c++)
            {
                ref var centroid = ref Unsafe.Add(ref centroids, c * dimensions);
                var distance = Vector256<double>.Zero;
                var distance2 = distance;
                for (var d = 0; d < dimensions; d++)
                {
                    var value = Vector256.Create(Unsafe.Add(ref centroid, d));
                    var delta = Vector256.LoadUnsafe(ref rows, (nuint)(d * n)) - value;
                    var delta2 = Vector256.LoadUnsafe(ref rows, (nuint)((d * n) + Vector256<double>.Count)) - value;
                    distance += delta * delta;
                    distance2 += delta2 * delta2;
                }

                var label = Vector256.Create((long)c);
                var closer = Vector256.LessThan(distance, best);
                best = Vector256.ConditionalSelect(closer, distance, best);
                nearest = Vector256.ConditionalSelect(closer.AsInt64(), label, nearest);
                var closer2 = Vector256.LessThan(distance2, best2);
                best2 = Vector256.ConditionalSelect(closer2, distance2, best2);
                nearest2 = Vector256.ConditionalSelect(closer2.AsInt64(), label, nearest2);
            }

            costs += best + best2;
            var labels = Vector256.Narrow(nearest, nearest2);
            if (!Vector256.EqualsAll(labels, Vector256.LoadUnsafe(ref assignments, (nuint)i)))
            {
                for (var lane = 0; lane < Vector256<int>.Count; lane++)
                {
                    changed += Move(ref Unsafe.Add(ref rows, lane), i + lane, labels.GetElement(lane));
                }
            }
        }

        var cost = Vector256.Sum(costs);
        for (; i < n; i++)
        {
            var best = double.PositiveInfinity;
            var nearest = 0;
            for (var c = 0; c < K; c++)
            {
                var distance = _rows.SquaredDistance(i, _centroids.AsSpan(c * dimensions, dimensions));
                if (distance < best)
                {
                    (best, nearest) = (distance, c);
                }
            }

            cost += best;
            changed += Move(ref Unsafe.Add(ref values, i), i, nearest);
        }

        Cost = cost;
        return changed;
    }

    /// <summary>
    /// Moves row <paramref name="row"/> (its first value at <paramref name="first"/>) to <paramref name="cluster"/>,
    /// taking it out of its old cluster's sums and adding it to the new one's; 1 if it changed cluster. Keeping the
    /// sums this way costs work only for the rows that move, which after the first few iterations are few.
    /// </summary>
    private int Move(ref double first, int row, int cluster)
    {
        var old = _assignments[row];
        if (old == cluster)
        {
            return 0;
        }

        var n = _rows.Count;
        var dimensions = _rows.Dimensions;
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_sums);
        ref var to = ref Unsafe.Add(ref sums, cluster * dimensions);
        _sizes[cluster]++;
        if (old >= 0)
        {
            ref var from = ref Unsafe.Add(ref sums, old * dimensions);
            _sizes[old]--;
            for (var d = 0; d < dimensions; d++)
            {
                Unsafe.Add(ref from, d) -= Unsafe.Add(ref first, d * n);
            }
        }

        for (var d = 0; d < dimensions; d++)
        {
            Unsafe.Add(ref to, d) += Unsafe.Add(ref first, d * n);
        }

        _assignments[row] = cluster;
        return 1;
    }

    private void MoveCentroids()
    {
        var dimensions = _rows.Dimensions;
        for (var c = 0; c < K; c++)
        {
            for (var d = 0; _sizes[c] > 0 && d < dimensions; d++)
            {
                _centroids[(c * dimensions) + d] = _sums[(c * dimensions) + d] / _sizes[c];
            }
        }
    }

    /// <summary>The first row whose running total passes <paramref name="target"/>; never a row of weight 0.</summary>
    private static int Draw(ReadOnlySpan<double> cumulative, ReadOnlySpan<double> weights, double target)
    {
        var low = 0;
        var high = cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (cumulative[middle] > target)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        // Rounding can put the target at the very end; step back to the last row that has a weight.
        while (weights[low] == 0 && low > 0)
        {
            low--;
        }

        return low;
    }
}
