using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;

namespace ReadinessPipeline.Tests.Profiles;

public class ProfileBuilderTests
{
    private static readonly string[] SchoolIds = ["a", "b", "c", "d"];

    [Fact]
    public void Four_staff_show_no_numbers_in_their_own_report()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 4).Result();

        var report = ProfileBuilder.School(ProfileData.Inputs(data, [ProfileData.School("a")]), ProfileData.School("a"));

        var staff = Assert.Single(report.Instruments);
        Assert.True(staff.Suppressed);
        Assert.Null(staff.Respondents);
        Assert.Empty(staff.Dimensions);
        Assert.Empty(report.Strengths);
        Assert.Contains(report.PrivacyNotes, n => n.Contains("fewer than 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Five_staff_are_shown_in_the_school_report_but_not_in_the_network_summary()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 5, score: 4).Result();
        var inputs = ProfileData.Inputs(data, [ProfileData.School("a")]);

        var school = ProfileBuilder.School(inputs, ProfileData.School("a"));
        var network = ProfileBuilder.Network(inputs);

        var leadership = school.Instruments[0].Dimensions.Single(d => d.DimensionId == "leadership");
        Assert.Equal((5, 4.0, 100.0, "ready"), (leadership.N, leadership.Mean, leadership.PercentFavorable, leadership.BandId));
        Assert.All(network.Schools.Single().StaffMeans, Assert.Null);
        Assert.Null(network.Schools.Single().Respondents["staff-readiness"]);
    }

    [Fact]
    public void A_school_under_the_network_floor_has_no_profile_name_in_the_summary_and_its_rate_row_agrees_with_the_CSV()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 12, score: 4).Add("b", ProfileData.Staff, 6, score: 2).Result();
        var profiles = new Dictionary<string, ProfileAssignment> { ["a"] = new("Leading the way", "Strong everywhere.", true), ["b"] = new("Getting started", "Early days.", true) };
        var inputs = ProfileData.Inputs(data, [ProfileData.School("a"), ProfileData.School("b")], profiles: profiles);
        var round = inputs.Round;
        inputs = inputs with
        {
            Status = new(round,
                [new("a", "School a", "staff-readiness", ResponseMode.Confidential, 15, 12), new("b", "School b", "staff-readiness", ResponseMode.Confidential, 8, 6)],
                [new("", "", "staff-readiness", ResponseMode.Confidential, 23, 18)]),
        };

        var network = ProfileBuilder.Network(inputs);

        // Twelve staff clear the network floor of ten; six do not, so school b's profile stays in its own report.
        Assert.Equal(["Leading the way", "Not shown to protect privacy"], network.Schools.Select(s => s.Profile));
        Assert.Equal(["School a"], Assert.Single(network.Profiles).Schools);
        var csv = System.Text.Encoding.UTF8.GetString(ReportRenderer.NetworkCsv(network)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        Assert.DoesNotContain(csv, line => line.Contains("Getting started"));

        // The rate table shows what the CSV shows: 12 of 15 (80 %) for school a; nothing for school b; all schools 18 of 23.
        var staffColumn = Array.IndexOf(csv[0], "respondents_staff-readiness");
        var fromCsv = csv.Skip(1).ToDictionary(line => line[1], line => line[staffColumn] is "" ? (int?)null : int.Parse(line[staffColumn], System.Globalization.CultureInfo.InvariantCulture));
        var table = network.ResponseRates.ToDictionary(r => r.School, r => (r.Rate.Responded, r.Rate.Rate));
        Assert.Equal((12, 0.8), (table["School a"].Responded, table["School a"].Rate));
        Assert.Equal(((int?)null, (double?)null), table["School b"]);
        Assert.Equal(fromCsv["School a"], table["School a"].Responded);
        Assert.Equal(fromCsv["School b"], table["School b"].Responded);
        Assert.Equal((18, 18.0 / 23), (table["All schools"].Responded, table["All schools"].Rate));
    }

    [Fact]
    public void A_dimension_fewer_than_five_people_scored_is_hidden_while_the_rest_show()
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 4, score: 3)
            .Add("a", ProfileData.Staff, 2, score: 5, skip: ["technology"])
            .Result();

        var report = ProfileBuilder.School(ProfileData.Inputs(data, [ProfileData.School("a")]), ProfileData.School("a"));

        var rows = report.Instruments[0].Dimensions;
        var technology = rows.Single(d => d.DimensionId == "technology");
        Assert.True(technology.Suppressed);
        Assert.Equal((null, null, null), (technology.N, technology.Mean, technology.PercentFavorable));
        var leadership = rows.Single(d => d.DimensionId == "leadership");
        Assert.Equal(6, leadership.N);
        Assert.Equal((4 * 3.0 + 2 * 5.0) / 6, leadership.Mean!.Value, 12);
    }

    [Fact]
    public void The_network_median_and_percentile_use_schools_with_ten_or_more()
    {
        // Leadership means 2, 3 and 4 at schools with 10 staff; school d has 6 staff (mean 5) and is not compared against.
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 10, score: 2)
            .Add("b", ProfileData.Staff, 10, score: 3)
            .Add("c", ProfileData.Staff, 10, score: 4)
            .Add("d", ProfileData.Staff, 6, score: 5)
            .Result();
        var inputs = ProfileData.Inputs(data, SchoolIds.Select(id => ProfileData.School(id)));

        var b = ProfileBuilder.School(inputs, ProfileData.School("b")).Instruments[0].Dimensions.Single(d => d.DimensionId == "leadership");
        var d = ProfileBuilder.School(inputs, ProfileData.School("d")).Instruments[0].Dimensions.Single(d => d.DimensionId == "leadership");

        // b: others are 2 and 4 -> one below, none equal: 50th percentile. Median of 2, 3, 4 = 3.
        Assert.Equal((3.0, 50.0), (b.NetworkMedian, b.Percentile));
        // d: others are 2, 3, 4 -> all below: 100th percentile.
        Assert.Equal((3.0, 100.0), (d.NetworkMedian, d.Percentile));
    }

    [Fact]
    public void Medians_and_percentiles_over_many_schools_with_ties_follow_the_rule_school_by_school()
    {
        // Forty schools, most at the network floor, with means from a handful of values so many tie.
        var data = new ProfileData();
        var schools = Enumerable.Range(0, 40).Select(i => ProfileData.School($"s{i:00}")).ToList();
        foreach (var (school, i) in schools.Select((s, i) => (s, i)))
        {
            data.Add(school.Id, ProfileData.Staff, i % 7 == 0 ? 6 : 10, score: 1 + (i * 7 % 5), perDimension: new() { ["leadership"] = 1 + (i * 3 % 4) });
        }

        var aggregates = data.Result();
        var inputs = ProfileData.Inputs(aggregates, schools);

        foreach (var school in schools)
        {
            foreach (var row in ProfileBuilder.School(inputs, school).Instruments[0].Dimensions.Where(r => !r.Suppressed))
            {
                // The rule, the slow way: schools with ten or more scored, this one left out of its own rank.
                var eligible = aggregates.Groups.Where(g => g.InstrumentId == ProfileData.Staff.Id && g.Find(row.DimensionId) is { N: >= 10, Mean: not null })
                    .Select(g => (g.SchoolId, Mean: g.Find(row.DimensionId)!.Mean!.Value)).ToList();
                var others = eligible.Where(e => e.SchoolId != school.Id).Select(e => e.Mean).ToList();
                Assert.Equal(ProfileBuilder.Median(eligible.Select(e => e.Mean)), row.NetworkMedian);
                Assert.Equal(100.0 * (others.Count(m => m < row.Mean) + (0.5 * others.Count(m => m == row.Mean))) / others.Count, row.Percentile);
            }
        }
    }

    [Fact]
    public void Without_three_comparable_schools_there_is_no_network_comparison()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 10, score: 2).Add("b", ProfileData.Staff, 10, score: 3).Result();

        var row = ProfileBuilder.School(ProfileData.Inputs(data, SchoolIds.Take(2).Select(id => ProfileData.School(id))), ProfileData.School("a")).Instruments[0].Dimensions[0];

        Assert.Equal((null, null), (row.NetworkMedian, row.Percentile));
    }

    [Fact]
    public void Schools_that_do_not_differ_are_not_compared()
    {
        // Every school answers the same way: no variance between schools, ICC is not above zero.
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 5, score: 2).Add("a", ProfileData.Staff, 5, score: 4)
            .Add("b", ProfileData.Staff, 5, score: 2).Add("b", ProfileData.Staff, 5, score: 4)
            .Add("c", ProfileData.Staff, 5, score: 2).Add("c", ProfileData.Staff, 5, score: 4)
            .Result();

        var report = ProfileBuilder.School(ProfileData.Inputs(data, SchoolIds.Take(3).Select(id => ProfileData.School(id))), ProfileData.School("a"));

        Assert.All(report.Instruments[0].Dimensions, d => Assert.Null(d.NetworkMedian));
        Assert.Contains(report.PrivacyNotes, n => n.Contains("do not differ measurably", StringComparison.Ordinal));
    }

    [Fact]
    public void Comments_appear_only_from_ten_respondents()
    {
        static Dictionary<string, string> Comment(int n) => new() { ["strengths"] = $"Comment number {n} <b>bold</b>" };
        var nine = new ProfileData().Add("a", ProfileData.Staff, 9, comments: Comment).Result();
        var ten = new ProfileData().Add("a", ProfileData.Staff, 10, comments: Comment).Result();

        var hidden = ProfileBuilder.School(ProfileData.Inputs(nine, [ProfileData.School("a")]), ProfileData.School("a"));
        var shown = ProfileBuilder.School(ProfileData.Inputs(ten, [ProfileData.School("a")]), ProfileData.School("a"));

        Assert.Empty(hidden.Comments);
        Assert.Contains(hidden.PrivacyNotes, n => n.Contains("at least 10", StringComparison.Ordinal));
        var group = Assert.Single(shown.Comments);
        Assert.Equal(10, group.Comments.Count);
        Assert.NotEqual(Enumerable.Range(0, 10).Select(n => $"Comment number {n} <b>bold</b>"), group.Comments);
        Assert.DoesNotContain(ProfileBuilder.Network(ProfileData.Inputs(ten, [ProfileData.School("a")])).PrivacyNotes, n => n.Contains("Comment number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { 6, 4, 2 }, new[] { 6, -1, -1 })]
    [InlineData(new[] { 5, 2, 0 }, new[] { -1, -1, 0 })]
    [InlineData(new[] { 4, 4, 4 }, new[] { 4, 4, 4 })]
    [InlineData(new[] { 5, 1, 2 }, new[] { 5, -1, -1 })]
    public void Small_persona_counts_are_hidden_with_a_complement(int[] counts, int[] shown)
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, counts.Sum()).Result();
        var personas = new PersonaCounts(["practice", "desire-to-change"], [[4.0, 4.0], [3.0, 3.0], [2.0, 2.0]], new Dictionary<string, int[]> { ["a"] = counts });

        var mix = ProfileBuilder.School(ProfileData.Inputs(data, [ProfileData.School("a")], personas: personas), ProfileData.School("a")).PersonaMix;

        Assert.Equal(shown, mix.Select(m => m.Count ?? -1));
    }

    [Fact]
    public void Change_since_the_previous_round_compares_shown_means()
    {
        var before = new ProfileData().Add("a", ProfileData.Staff, 6, score: 3).Result();
        var now = new ProfileData().Add("a", ProfileData.Staff, 6, score: 4, perDimension: new() { ["leadership"] = 2 }).Result();

        var rows = ProfileBuilder.School(ProfileData.Inputs(now, [ProfileData.School("a")], previous: before), ProfileData.School("a")).Instruments[0].Dimensions;

        Assert.Equal(1.0, rows.Single(d => d.DimensionId == "competency").Change);
        Assert.Equal(-1.0, rows.Single(d => d.DimensionId == "leadership").Change);
    }

    [Fact]
    public void Strengths_and_growth_areas_come_from_the_highest_and_lowest_shown_dimensions_with_practices()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 6, score: 3, perDimension: new() { ["leadership"] = 5, ["authentic"] = 4, ["technology"] = 1, ["autonomies"] = 2 }).Result();

        var report = ProfileBuilder.School(ProfileData.Inputs(data, [ProfileData.School("a")]), ProfileData.School("a"));

        Assert.Equal(["leadership", "authentic"], report.Strengths.Select(s => s.DimensionId));
        Assert.Equal(["technology", "autonomies"], report.GrowthAreas.Select(s => s.DimensionId));

        // Technology at 1.0 and autonomies at 2.0 are Beginning: only the practices that fit Beginning are offered, in
        // the framework's order (the data says which bands each practice fits).
        Assert.Equal(["equitable-access", "tech-use-audit"], report.GrowthAreas[0].NextSteps.Select(s => s.PracticeId));
        Assert.Equal(["shared-decision-making"], report.GrowthAreas[1].NextSteps.Select(s => s.PracticeId));
        Assert.DoesNotContain(report.GrowthAreas.SelectMany(g => g.NextSteps), s => s.PracticeId == "competency-report-cards");
        Assert.All(report.GrowthAreas.SelectMany(g => g.NextSteps), s => Assert.False(string.IsNullOrEmpty(s.Owner) || string.IsNullOrEmpty(s.FirstStep) || string.IsNullOrEmpty(s.Evidence)));

        // Leadership at 5.0 is Ready: of its practices only the whole-school plan fits.
        Assert.Equal(["whole-school-plan"], report.Strengths[0].NextSteps.Select(s => s.PracticeId));
    }
}
