using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Tests.Scoring;

namespace ReadinessPipeline.Tests.Profiles;

public class RoundAggregatorTests
{
    private static readonly Instrument OneItem = TestInstruments.Build([("a1", "a", false)], id: "one-item");

    private static RoundAggregator Aggregator(params Instrument[] instruments) =>
        new((id, version) => instruments.FirstOrDefault(i => i.Id == id && i.Version == version), new ScoringPlans());

    private static StoredResponse Response(string school, Instrument instrument, params byte[] answers) =>
        new(Guid.NewGuid().ToString(), school, instrument.Id, instrument.Version, answers);

    private static RoundAggregates Aggregate(Instrument instrument, params (string School, byte Answer)[] responses)
    {
        var aggregator = Aggregator(instrument);
        foreach (var (school, answer) in responses)
        {
            aggregator.Add(Response(school, instrument, answer));
        }

        return aggregator.Result();
    }

    [Fact]
    public void ICC1_with_equal_school_sizes_matches_the_ANOVA_hand_computation()
    {
        // A: 1,2,3 (mean 2); B: 4,5,5 (mean 14/3). N = 6, k = 2, grand mean 20/6 = 10/3.
        // SSB = 3(2 - 10/3)^2 + 3(14/3 - 10/3)^2 = 3(16/9) + 3(16/9) = 32/3; MSB = 32/3.
        // SSW = 2 + 2/3 = 8/3; MSW = (8/3) / 4 = 2/3. n0 = (6 - 18/6) / 1 = 3.
        // ICC = (32/3 - 2/3) / (32/3 + 2 * 2/3) = 30 / 36.
        var result = Aggregate(OneItem, ("A", 1), ("A", 2), ("A", 3), ("B", 4), ("B", 5), ("B", 5));

        var icc = Assert.Single(result.Differences);
        Assert.Equal(30.0 / 36.0, icc.Icc!.Value, 12);
        Assert.Equal((2, 6), (icc.Schools, icc.Respondents));
        Assert.True(icc.SchoolsDiffer);
    }

    [Fact]
    public void ICC1_with_unequal_school_sizes_uses_the_adjusted_group_size()
    {
        // A: 1,3 (mean 2); B: 4,5,5 (mean 14/3). N = 5, grand = 18/5.
        // SSB = 2(2 - 3.6)^2 + 3(14/3 - 3.6)^2 = 5.12 + 3.413333.. = 8.533333..; MSB = 8.533333..
        // SSW = 2 + 2/3 = 8/3; MSW = (8/3) / 3 = 8/9. n0 = (5 - 13/5) / 1 = 2.4.
        // ICC = (MSB - MSW) / (MSB + 1.4 MSW).
        var result = Aggregate(OneItem, ("A", 1), ("A", 3), ("B", 4), ("B", 5), ("B", 5));

        const double msb = (2 * 1.6 * 1.6) + (3 * (14.0 / 3 - 3.6) * (14.0 / 3 - 3.6));
        const double msw = 8.0 / 9.0;
        Assert.Equal((msb - msw) / (msb + (1.4 * msw)), result.Differences[0].Icc!.Value, 12);
    }

    [Fact]
    public void Schools_with_identical_spreads_and_means_do_not_differ()
    {
        // MSB = 0, MSW = 8, n0 = 2: ICC = -8 / 8 = -1.
        var result = Aggregate(OneItem, ("A", 1), ("A", 5), ("B", 1), ("B", 5));

        Assert.Equal(-1.0, result.Differences[0].Icc!.Value, 12);
        Assert.False(result.Differences[0].SchoolsDiffer);
    }

    [Fact]
    public void One_school_has_no_ICC()
    {
        var result = Aggregate(OneItem, ("A", 1), ("A", 5));

        Assert.Null(result.Differences[0].Icc);
    }

    [Fact]
    public void Groups_follow_the_scoring_rules_per_school_and_instrument()
    {
        var instrument = TestInstruments.TwoDimensions();
        var aggregator = Aggregator(instrument);
        aggregator.Add(Response("A", instrument, 5, 4, 2, 3, 1, 0, 0));
        aggregator.Add(Response("A", instrument, 2, 0, 5, 0, 4, 5, 3));
        aggregator.Add(Response("B", instrument, 0, 0, 0, 4, 2, 2, 0));

        var result = aggregator.Result();

        // Same hand-computed values as the scoring tests: school A's "a" has scores 4.0 and 1.5.
        var a = result.Find("A", "test")!.Find("a")!;
        Assert.Equal((2, 2.75, 50.0), (a.N, a.Mean!.Value, a.PercentFavorable!.Value));
        Assert.Equal(1, result.Find("B", "test")!.Respondents);
        Assert.Equal(3, result.Responses);
    }

    [Fact]
    public void Staff_vectors_hold_practice_and_the_readiness_scales_of_respondents_who_have_all_of_them()
    {
        var staff = TestInstruments.Build([("c1", "competency", false), ("l1", "leadership", false), ("d1", "desire-to-change", false), ("k1", "capacity", false)], id: "staff");
        staff = staff with { Dimensions = [.. staff.Dimensions.Select(d => d.Id is "desire-to-change" or "capacity" ? d with { Kind = DimensionKind.Scale } : d)] };
        var aggregator = Aggregator(staff);
        aggregator.Add(Response("A", staff, 4, 2, 5, 1));
        aggregator.Add(Response("A", staff, 4, 0, 5, 1));
        aggregator.Add(Response("A", staff, 4, 2, 5, 0));

        var result = aggregator.Result();

        // Practice is the mean of the framework dimensions (4 + 2) / 2 = 3; the second respondent has no leadership
        // score and the third no capacity score, so only the first is kept.
        Assert.Equal(["practice", "desire-to-change", "capacity"], result.StaffVectorDimensions);
        var vector = Assert.Single(result.StaffVectors);
        Assert.Equal([3.0, 5.0, 1.0], vector.Values);
    }

    [Fact]
    public void Comments_are_kept_with_their_school_and_prompt()
    {
        var aggregator = Aggregator(OneItem);
        aggregator.Add(Response("A", OneItem, 3) with { OpenText = new Dictionary<string, string> { ["notes"] = "More planning time" } });

        Assert.Equal(new SchoolComment("A", "one-item", "notes", "More planning time"), Assert.Single(aggregator.Result().Comments));
    }

    [Fact]
    public void Mixing_two_versions_of_an_instrument_in_one_round_is_an_error()
    {
        var v2 = OneItem with { Version = 2 };
        var aggregator = Aggregator(OneItem, v2);
        aggregator.Add(Response("A", OneItem, 3));

        Assert.Throws<InvalidOperationException>(() => aggregator.Add(Response("A", v2, 3)));
    }
}
