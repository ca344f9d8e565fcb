using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Scoring;

public class ScoringPlanTests
{
    private readonly ScoringPlan _plan = new(TestInstruments.TwoDimensions());

    // Answer bytes in item order a1 a2 a3 a4 b1 b2 b3; 0 = not answered.
    private static readonly byte[] Respondent1 = [5, 4, 2, 3, 1, 0, 0];
    private static readonly byte[] Respondent2 = [2, 0, 5, 0, 4, 5, 3];
    private static readonly byte[] Respondent3 = [0, 0, 0, 4, 2, 2, 0];

    [Fact]
    public void Reverse_coded_items_are_flipped_before_the_mean()
    {
        // a: 5, 4, (6 - 2) = 4, 3 -> 16 / 4 = 4.0; three of them are 4 or 5.
        var scores = _plan.Score(Respondent1);

        Assert.Equal(new DimensionScore(4.0, 4, 3), scores[0]);
    }

    [Fact]
    public void A_dimension_with_fewer_than_half_its_items_answered_has_no_score()
    {
        // b has 3 items: at least 2 (3 / 2 rounded up) are needed; respondent 1 answered only b1.
        var scores = _plan.Score(Respondent1);

        Assert.Equal(new DimensionScore(null, 1, 0), scores[1]);
    }

    [Fact]
    public void Exactly_half_the_items_rounded_up_is_enough()
    {
        // a has 4 items, so 2 suffice: a1 = 2 and a3 = 5 reversed to 1 -> 1.5, none favorable.
        var scores = _plan.Score(Respondent2);

        Assert.Equal(new DimensionScore(1.5, 2, 0), scores[0]);
        Assert.Equal(new DimensionScore(4.0, 3, 2), scores[1]);
        Assert.Equal(2, _plan.RequiredAnswers(0));
        Assert.Equal(2, _plan.RequiredAnswers(1));
    }

    [Fact]
    public void Odd_item_counts_round_the_half_up()
    {
        var plan = new ScoringPlan(TestInstruments.Build([("x1", "x", false), ("x2", "x", false), ("x3", "x", false), ("x4", "x", false), ("x5", "x", false)]));

        Assert.Equal(3, plan.RequiredAnswers(0));
        Assert.Null(plan.Score([5, 5, 0, 0, 0])[0].Score);
        Assert.Equal(5.0, plan.Score([5, 5, 5, 0, 0])[0].Score);
    }

    [Fact]
    public void Nothing_answered_is_missing_not_zero()
    {
        var scores = _plan.Score(new byte[7]);

        Assert.All(scores, s => Assert.Null(s.Score));
    }

    [Fact]
    public void Fast_path_gives_the_same_means_with_NaN_for_missing()
    {
        var means = new double[2];

        _plan.ScoreMeans(Respondent3, means);

        Assert.True(double.IsNaN(means[0]));
        Assert.Equal(2.0, means[1]);
    }

    [Fact]
    public void Favorable_means_the_top_two_options_after_reverse_coding()
    {
        var plan = new ScoringPlan(TestInstruments.Build([("r", "d", true), ("p", "d", false)]));

        // Raw 1 on a reverse item is 5 (favorable); raw 3 on either is neutral (not favorable).
        Assert.Equal(2, plan.Score([1, 4])[0].Favorable);
        Assert.Equal(0, plan.Score([3, 3])[0].Favorable);
        Assert.Equal(1, plan.Score([2, 3])[0].Favorable);
    }

    [Fact]
    public void A_submission_is_laid_out_by_item_id()
    {
        var submission = new Submission("s-0000001", "r", "n", "school", "test", 1, "en", DateOnly.FromDayNumber(0),
            new Dictionary<string, int> { ["b3"] = 3, ["a1"] = 2, ["a3"] = 5, ["b1"] = 4, ["b2"] = 5 },
            new Dictionary<string, string>());

        var result = _plan.Score(submission);

        Assert.Equal(["a", "b"], result.DimensionIds);
        Assert.Equal(1.5, result.Scores[0].Score);
        Assert.Equal(4.0, result.Scores[1].Score);
    }

    [Fact]
    public void Group_mean_SD_and_percent_favorable_follow_the_rules()
    {
        var group = new GroupAccumulator(_plan);
        group.Add(Respondent1);
        group.Add(Respondent2);
        group.Add(Respondent3);

        var result = group.Result();

        // a: respondents 1 (4.0) and 2 (1.5) have scores; respondent 3's a4 = 4 does not count.
        //    mean 2.75; SD sqrt(((1.25)^2 + (1.25)^2) / 1) = sqrt(3.125); favorable 3 of 6 answered items = 50%.
        Assert.Equal(2, result[0].N);
        Assert.Equal(2.75, result[0].Mean);
        Assert.Equal(Math.Sqrt(3.125), result[0].StandardDeviation!.Value, 12);
        Assert.Equal(50.0, result[0].PercentFavorable);
        Assert.Equal((6L, 3L), (result[0].AnsweredItems, result[0].FavorableItems));

        // b: respondents 2 (4.0) and 3 (2.0); respondent 1's lone b1 = 1 does not count.
        //    mean 3.0; SD sqrt(2); favorable 2 of 5 answered items = 40%.
        Assert.Equal(2, result[1].N);
        Assert.Equal(3.0, result[1].Mean);
        Assert.Equal(Math.Sqrt(2), result[1].StandardDeviation!.Value, 12);
        Assert.Equal(40.0, result[1].PercentFavorable);
        Assert.Equal(3, group.Respondents);
    }

    [Fact]
    public void A_group_of_one_has_a_mean_but_no_SD()
    {
        var group = new GroupAccumulator(_plan);
        group.Add(Respondent1);

        var a = group.Result()[0];

        Assert.Equal(4.0, a.Mean);
        Assert.Null(a.StandardDeviation);
        Assert.Equal(75.0, a.PercentFavorable);
    }

    [Fact]
    public void An_empty_group_has_no_numbers()
    {
        var result = new GroupAccumulator(_plan).Result();

        Assert.All(result, d => Assert.Equal((0, (double?)null, (double?)null), (d.N, d.Mean, d.PercentFavorable)));
    }
}
