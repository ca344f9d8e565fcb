using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Scoring;

/// <summary>
/// A group's result on one dimension. <see cref="N"/> counts respondents with a score on the dimension;
/// <see cref="Mean"/> is the mean of their scores; <see cref="StandardDeviation"/> is the sample SD (n - 1);
/// <see cref="PercentFavorable"/> (0-100) is the share of all items of the dimension those respondents
/// answered that are favorable after reverse-coding.
/// </summary>
public sealed record DimensionStatistics(
    string DimensionId,
    int N,
    double? Mean,
    double? StandardDeviation,
    double? PercentFavorable,
    long AnsweredItems,
    long FavorableItems);

/// <summary>One group's running totals on one dimension: the scores of respondents who have one, and their item counts.</summary>
public sealed class DimensionAccumulator
{
    private Moments _scores;

    public long AnsweredItems { get; private set; }

    public long FavorableItems { get; private set; }

    public Moments Scores => _scores;

    public void Add(DimensionScore score)
    {
        if (score.Score is { } value)
        {
            _scores.Add(value);
            AnsweredItems += score.Answered;
            FavorableItems += score.Favorable;
        }
    }

    public DimensionStatistics ToStatistics(string dimensionId) => new(
        dimensionId,
        _scores.Count,
        _scores.Mean,
        _scores.SampleStandardDeviation,
        AnsweredItems == 0 ? null : 100.0 * FavorableItems / AnsweredItems,
        AnsweredItems,
        FavorableItems);
}

/// <summary>Streams respondents of one group (a school, a network) into per-dimension statistics; memory does not grow with respondents.</summary>
public sealed class GroupAccumulator
{
    private readonly ScoringPlan _plan;
    private readonly DimensionScore[] _scratch;
    private readonly DimensionAccumulator[] _dimensions;

    public GroupAccumulator(ScoringPlan plan)
    {
        _plan = plan;
        _scratch = new DimensionScore[plan.DimensionIds.Count];
        _dimensions = [.. plan.DimensionIds.Select(_ => new DimensionAccumulator())];
    }

    public int Respondents { get; private set; }

    /// <summary>The running totals of dimension <paramref name="dimension"/> (in plan order).</summary>
    public DimensionAccumulator Dimension(int dimension) => _dimensions[dimension];

    public void Add(ReadOnlySpan<byte> answers)
    {
        _plan.Score(answers, _scratch);
        Add(_scratch);
    }

    public void Add(ReadOnlySpan<DimensionScore> scores)
    {
        Respondents++;
        for (var d = 0; d < _dimensions.Length; d++)
        {
            _dimensions[d].Add(scores[d]);
        }
    }

    public IReadOnlyList<DimensionStatistics> Result() =>
        [.. _plan.DimensionIds.Select((id, d) => _dimensions[d].ToStatistics(id))];
}

/// <summary>
/// Raw Cronbach's alpha per dimension, over the respondents who answered every item of that dimension ("don't know" is not an answer):
/// alpha = k / (k - 1) * (1 - sum of item variances / variance of the item total), sample variances.
/// Null where it is undefined: fewer than two items, fewer than two complete respondents, or no total variance.
/// </summary>
public sealed class AlphaAccumulator
{
    private readonly ScoringPlan _plan;
    private readonly Moments[][] _items;
    private readonly Moments[] _totals;

    public AlphaAccumulator(ScoringPlan plan)
    {
        _plan = plan;
        _items = [.. plan.DimensionIds.Select((_, d) => new Moments[plan.ItemsOf(d).Length])];
        _totals = new Moments[plan.DimensionIds.Count];
    }

    public void Add(ReadOnlySpan<byte> answers)
    {
        for (var d = 0; d < _totals.Length; d++)
        {
            var items = _plan.ItemsOf(d);
            var complete = true;
            foreach (var item in items)
            {
                complete &= _plan.Recode(item, answers[item]) != 0;
            }

            if (!complete)
            {
                continue;
            }

            var total = 0;
            for (var k = 0; k < items.Length; k++)
            {
                var value = _plan.Recode(items[k], answers[items[k]]);
                _items[d][k].Add(value);
                total += value;
            }

            _totals[d].Add(total);
        }
    }

    /// <summary>Respondents who answered every item of dimension <paramref name="dimension"/>.</summary>
    public int CompleteRespondents(int dimension) => _totals[dimension].Count;

    public double? Alpha(int dimension)
    {
        var k = _items[dimension].Length;
        var totalVariance = _totals[dimension].SampleVariance;
        if (k < 2 || totalVariance is null or <= 0)
        {
            return null;
        }

        var itemVariances = _items[dimension].Sum(m => m.SampleVariance ?? 0);
        return k / (k - 1.0) * (1 - (itemVariances / totalVariance.Value));
    }

    public IReadOnlyList<(string DimensionId, double? Alpha, int N)> Result() =>
        [.. _plan.DimensionIds.Select((id, d) => (id, Alpha(d), CompleteRespondents(d)))];
}

/// <summary>Count, mean and variance by Welford's method, numerically stable for millions of values.</summary>
public struct Moments
{
    private double _mean;
    private double _m2;

    public int Count { get; private set; }

    public readonly double? Mean => Count == 0 ? null : _mean;

    public readonly double? SampleVariance => Count < 2 ? null : _m2 / (Count - 1);

    public readonly double? SampleStandardDeviation => SampleVariance is { } v ? Math.Sqrt(v) : null;

    /// <summary>Sum of squared deviations from the mean (the within-group sum of squares).</summary>
    public readonly double SumOfSquares => _m2;

    public void Add(double value)
    {
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
    }
}
