using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Scoring;

public class AlphaTests
{
    // x, y, z (z reverse-coded). Recoded values per respondent:
    //   (1,2,2) total 5; (2,3,3) total 8; (4,4,5) total 13; (5,5,4) total 14.
    // Item variances (n - 1): x 10/3, y 5/3, z 5/3 -> 20/3. Total variance: deviations -5,-2,3,4 -> 54/3 = 18.
    // alpha = 3/2 * (1 - (20/3) / 18) = 51/54.
    private static readonly ScoringPlan Plan = new(TestInstruments.Build([("x", "d", false), ("y", "d", false), ("z", "d", true)]));

    [Fact]
    public void Raw_alpha_matches_the_hand_computed_value()
    {
        var alpha = new AlphaAccumulator(Plan);
        alpha.Add([1, 2, 4]);
        alpha.Add([2, 3, 3]);
        alpha.Add([4, 4, 1]);
        alpha.Add([5, 5, 2]);

        Assert.Equal(51.0 / 54.0, alpha.Alpha(0)!.Value, 12);
        Assert.Equal(4, alpha.CompleteRespondents(0));
    }

    [Fact]
    public void Respondents_with_any_item_missing_are_left_out()
    {
        var alpha = new AlphaAccumulator(Plan);
        alpha.Add([1, 2, 4]);
        alpha.Add([2, 3, 3]);
        alpha.Add([4, 4, 1]);
        alpha.Add([5, 5, 2]);
        alpha.Add([1, 0, 5]);
        alpha.Add([5, 1, 0]);

        Assert.Equal(51.0 / 54.0, alpha.Alpha(0)!.Value, 12);
        Assert.Equal(4, alpha.CompleteRespondents(0));
    }

    [Fact]
    public void Alpha_agrees_with_the_covariance_matrix_form()
    {
        // Reference method: alpha = k/(k-1) * (1 - trace(C) / sum(C)) on the sample covariance matrix.
        byte[][] rows = [[1, 3, 5], [2, 2, 4], [4, 5, 2], [3, 3, 3], [5, 4, 1], [2, 1, 4]];
        var recoded = rows.Select(r => new double[] { r[0], r[1], 6 - r[2] }).ToArray();
        var means = Enumerable.Range(0, 3).Select(j => recoded.Average(r => r[j])).ToArray();
        double Cov(int i, int j) => recoded.Sum(r => (r[i] - means[i]) * (r[j] - means[j])) / (recoded.Length - 1);
        var trace = Cov(0, 0) + Cov(1, 1) + Cov(2, 2);
        var total = Enumerable.Range(0, 3).SelectMany(i => Enumerable.Range(0, 3).Select(j => Cov(i, j))).Sum();
        var expected = 1.5 * (1 - (trace / total));

        var alpha = new AlphaAccumulator(Plan);
        foreach (var row in rows)
        {
            alpha.Add(row);
        }

        Assert.Equal(expected, alpha.Alpha(0)!.Value, 12);
    }

    [Fact]
    public void Alpha_is_undefined_without_variance_or_enough_respondents()
    {
        var alpha = new AlphaAccumulator(Plan);
        alpha.Add([3, 3, 3]);
        Assert.Null(alpha.Alpha(0));

        alpha.Add([3, 3, 3]);
        Assert.Null(alpha.Alpha(0));
    }

    [Fact]
    public void A_one_item_dimension_has_no_alpha()
    {
        var alpha = new AlphaAccumulator(new ScoringPlan(TestInstruments.Build([("x", "d", false)])));
        alpha.Add([1]);
        alpha.Add([5]);

        Assert.Null(alpha.Alpha(0));
    }
}
