using BenchmarkDotNet.Attributes;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Benchmarks.Scoring;

/// <summary>
/// The scoring engine alone, on one core: already-parsed answers of the staff instrument (54 items, ten framework
/// dimensions plus desire to change) scored into dimension scores. One operation = one respondent.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Respondents = 100_000;
    private ScoringPlan _plan = null!;
    private byte[] _answers = null!;
    private double[] _means = null!;
    private DimensionScore[] _scores = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plan = new ScoringPlan(Catalog.LoadDefault().Latest("staff-readiness")!);
        var random = new Random(42);
        _answers = new byte[Respondents * _plan.ItemCount];
        for (var i = 0; i < _answers.Length; i++)
        {
            // About one answer in ten is skipped.
            _answers[i] = random.Next(10) == 0 ? (byte)0 : (byte)random.Next(1, 6);
        }

        _means = new double[_plan.DimensionIds.Count];
        _scores = new DimensionScore[_plan.DimensionIds.Count];
    }

    [Benchmark(OperationsPerInvoke = Respondents, Description = "Means only (NaN when missing)")]
    public double ScoreMeans()
    {
        var items = _plan.ItemCount;
        var total = 0.0;
        for (var r = 0; r < Respondents; r++)
        {
            _plan.ScoreMeans(_answers.AsSpan(r * items, items), _means);
            total += _means[0];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Respondents, Description = "Scores with answered/favorable counts")]
    public double ScoreWithCounts()
    {
        var items = _plan.ItemCount;
        var total = 0.0;
        for (var r = 0; r < Respondents; r++)
        {
            _plan.Score(_answers.AsSpan(r * items, items), _scores);
            total += _scores[0].Favorable;
        }

        return total;
    }
}
