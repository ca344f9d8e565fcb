using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>What a design team reads beyond the dimension table, with hand-computed expectations.</summary>
public class ReadinessReportTests
{
    private static readonly School A = ProfileData.School("a");
    private static readonly ReportText Words = ReportText.Default;

    private static SchoolReport Report(RoundAggregates data, School? school = null, RoundAggregates? previous = null, IReadOnlyList<TrendData>? history = null) =>
        ProfileBuilder.School(ProfileData.Inputs(data, [school ?? A], previous) with { History = history ?? [] }, school ?? A);

    [Fact]
    public void Practice_and_readiness_are_shown_side_by_side_and_read_together()
    {
        var practiced = new ProfileData().Add("a", ProfileData.Staff, 6, score: 4, perDimension: new() { ["desire-to-change"] = 2, ["capacity"] = 2, ["shared-vision"] = 2 }).Result();
        var eager = new ProfileData().Add("a", ProfileData.Staff, 6, score: 2, perDimension: new() { ["desire-to-change"] = 5, ["capacity"] = 4, ["shared-vision"] = 4 }).Result();

        var first = Report(practiced).Readiness!;
        var second = Report(eager).Readiness!;

        Assert.Equal((4.0, "Ready"), (first.Practice, first.PracticeBand));
        Assert.Equal(["desire-to-change", "capacity", "shared-vision", "strength-based", "metrics-room"], first.Readiness.Select(r => r.DimensionId));
        Assert.Equal(2.0, first.Readiness.Single(r => r.DimensionId == "capacity").Mean);
        Assert.Equal(Words["en", "reading.practiced-hesitant"], first.Reading);
        Assert.Equal((2.0, "Beginning"), (second.Practice, second.PracticeBand));

        // Readiness (5 + 4 + 4) / 3 = 4.33 is at or above 3.5; practice 2.0 is under the Developing cut point.
        Assert.Equal(Words["en", "reading.early-ready"], second.Reading);
    }

    [Fact]
    public void Staff_who_want_change_but_lack_capacity_are_read_as_such_first()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 6, score: 2, perDimension: new() { ["desire-to-change"] = 4, ["capacity"] = 2, ["shared-vision"] = 3 }).Result();

        Assert.Equal(Words["en", "reading.eager-unsupported"], Report(data).Readiness!.Reading);
    }

    [Fact]
    public void Staff_and_students_are_compared_on_parallel_items_one_form_at_a_time()
    {
        // Staff answer 4 everywhere (all favorable), grades 3-5 answer 2 (none favorable), grades 6-12 answer 3 (neutral).
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 6, score: 4)
            .Add("a", ProfileData.Younger, 6, score: 2)
            .Add("a", ProfileData.Older, 6, score: 3)
            .Result();

        var comparisons = Report(data).Comparisons;

        Assert.Equal(["student-sel-3-5", "student-sel-6-12"], comparisons.Select(c => c.InstrumentId));
        Assert.Equal("Staff and students in grades 3-5", comparisons[0].Title);
        var younger = comparisons[0].Rows;
        Assert.Equal(["competency", "flexible", "student-driven", "dispositions", "authentic"], younger.Select(r => r.DimensionId));

        // Grades 3-5 competency pairs: move-on, second-chance, know-goals; flexible: own-pace, extra-help.
        Assert.Equal((3, 100.0, 0.0, 100.0), (younger[0].PairCount, younger[0].Staff, younger[0].Students, younger[0].Gap));
        Assert.Equal(2, younger[1].PairCount);

        // Grades 6-12 competency adds grades-show-learning (a reverse-coded staff item, compared after recoding).
        var older = comparisons[1].Rows[0];
        Assert.Equal((4, 100.0, 0.0), (older.PairCount, older.Staff, older.Students));
        Assert.Contains(comparisons[1].Pairs, p => p.StartsWith("A student's grade in this school", StringComparison.Ordinal) && p.EndsWith("My grades show what I actually know and can do.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_form_under_the_floor_is_not_compared()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 6).Add("a", ProfileData.Younger, 4).Result();

        Assert.Empty(Report(data).Comparisons);
    }

    [Fact]
    public void Item_results_give_dont_know_as_a_share_of_everyone_who_answered_and_leave_it_out_of_the_scores()
    {
        // Six staff answer 4 everywhere; three of them say "don't know" to competency-2 and two skip competency-3.
        var data = new ProfileData().Add("a", ProfileData.Staff, 6, score: 4, answer: (n, item) =>
            item.Id == "competency-2" && n < 3 ? Item.DontKnowCode : item.Id == "competency-3" && n < 2 ? (byte)0 : null).Result();

        var report = Report(data);
        var items = report.ItemResults.Single(s => s.InstrumentId == "staff-readiness").Items;
        var dontKnow = items.Single(i => i.ItemId == "competency-2");
        var skipped = items.Single(i => i.ItemId == "competency-3");
        var plain = items.Single(i => i.ItemId == "competency-1");

        Assert.Equal((6, 100.0, 0.0, 0.0, 50.0), (dontKnow.Answered, dontKnow.Favorable, dontKnow.Neutral, dontKnow.Unfavorable, dontKnow.DontKnow));
        Assert.True(skipped.Suppressed);
        Assert.Null(skipped.Answered);
        Assert.Equal((6, (double?)null), (plain.Answered, plain.DontKnow));
        var competency = report.Instruments[0].Dimensions.Single(d => d.DimensionId == "competency");
        Assert.Equal((6, 4.0, 100.0), (competency.N, competency.Mean, competency.PercentFavorable));
    }

    [Fact]
    public void Staff_by_role_group_show_groups_at_the_floor()
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 8, score: 4, role: "teacher")
            .Add("a", ProfileData.Staff, 5, score: 2, role: "support+administrator")
            .Result();

        var table = Assert.Single(Report(data).Subgroups);

        Assert.Equal(["Teachers", "Support staff and Administrators"], table.Groups);
        Assert.Equal([8, 5], table.Counts);
        Assert.Equal([4.0, 2.0], table.Rows.Single(r => r.DimensionId == "leadership").Means);
    }

    [Fact]
    public void A_role_group_under_the_floor_takes_the_next_smallest_with_it()
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 9, score: 4, role: "teacher")
            .Add("a", ProfileData.Staff, 6, score: 3, role: "support")
            .Add("a", ProfileData.Staff, 3, score: 2, role: "administrator")
            .Result();

        var report = Report(data);
        var table = Assert.Single(report.Subgroups);

        // Administrators (3) are under 5; with the whole staff shown, support staff (6) would give them away.
        Assert.Equal([9, null, null], table.Counts);
        Assert.All(table.Rows, r => Assert.Equal([4.0, null, null], r.Means));
        Assert.Contains(report.PrivacyNotes, n => n.Contains("next smallest group", StringComparison.Ordinal));
    }

    [Fact]
    public void No_role_table_when_every_group_is_hidden()
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 9, score: 4, role: "teacher")
            .Add("a", ProfileData.Staff, 3, score: 2, role: "support+administrator")
            .Result();

        var report = Report(data);

        // The merged group (3) is under 5, and the teachers would give it away: nothing to show, only the note.
        Assert.Empty(report.Subgroups);
        Assert.Contains(report.PrivacyNotes, n => n.Contains("next smallest group", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_counts_only_when_it_exceeds_its_margin_of_error()
    {
        // Spring: three staff at 3 and three at 4 (mean 3.5, SD sqrt(0.3)). Fall: three at 4, three at 5 on
        // competency (mean 4.5, SD sqrt(0.3)); three at 3, three at 5 on leadership (mean 4.0, SD sqrt(1.2)).
        var spring = new ProfileData().Add("a", ProfileData.Staff, 3, score: 3).Add("a", ProfileData.Staff, 3, score: 4).Result();
        var fall = new ProfileData()
            .Add("a", ProfileData.Staff, 3, score: 4, perDimension: new() { ["leadership"] = 3 })
            .Add("a", ProfileData.Staff, 3, score: 5)
            .Result();

        var report = Report(fall, previous: spring, history: [new TrendData("spring", DateTimeOffset.UnixEpoch, spring.Groups) { Name = "Spring" }]);

        var trend = report.Trend!;
        Assert.Equal(["Spring", "Fall"], trend.Rounds);
        var competency = trend.Lines.Single(l => l.DimensionId == "competency");
        var leadership = trend.Lines.Single(l => l.DimensionId == "leadership");

        // Margins: 1.96 sqrt(0.3/6 + 0.3/6) = 0.620 under the change of 1.0; 1.96 sqrt(0.3/6 + 1.2/6) = 0.98 over 0.5.
        Assert.Equal(1.0, competency.Change!.Value, 12);
        Assert.Equal(1.96 * Math.Sqrt(0.1), competency.Margin!.Value, 12);
        Assert.True(competency.Changed);
        Assert.Equal([3.5, 4.5], competency.Means.Select(m => Math.Round(m!.Value, 12)));
        Assert.Equal(0.5, leadership.Change!.Value, 12);
        Assert.Equal(0.98, leadership.Margin!.Value, 12);
        Assert.False(leadership.Changed);

        var rows = report.Instruments[0].Dimensions;
        Assert.True(rows.Single(d => d.DimensionId == "competency").Changed);
        Assert.False(rows.Single(d => d.DimensionId == "leadership").Changed);
    }

    [Fact]
    public void No_trend_with_a_single_round()
    {
        Assert.Null(Report(new ProfileData().Add("a", ProfileData.Staff, 6).Result()).Trend);
    }

    [Fact]
    public async Task A_school_that_asks_for_Spanish_gets_its_report_email_and_page_in_Spanish_with_a_link_to_English()
    {
        var school = A with { ReportLanguage = "es" };
        var data = new ProfileData().Add("a", ProfileData.Staff, 6, score: 2, perDimension: new() { ["leadership"] = 4 }).Result();

        var report = Report(data, school);
        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault());
        var email = await renderer.SchoolEmailAsync(report, null, "https://reports.example/api/reports/token");
        var page = await renderer.SchoolPageAsync(report, null);

        Assert.Equal("es", report.Language);
        Assert.Equal("Liderazgo", report.Strengths[0].Name);
        Assert.Equal(ProfileData.Catalog.Framework("cce-essential").Bands[0].Label.In("es"), report.GrowthAreas[0].BandLabel);
        Assert.All(report.GrowthAreas.SelectMany(g => g.NextSteps), s => Assert.Equal(ProfileData.Catalog.Framework("cce-essential").Practices.Values.SelectMany(p => p).Single(p => p.Id == s.PracticeId).Title.In("es"), s.Title));
        Assert.Equal(Words["es", "reading.early-hesitant"], report.Readiness!.Reading);
        Assert.Contains("su perfil de preparación", email.Subject, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\" dir=\"ltr\">", email.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://reports.example/api/reports/token?lang=en\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("Read this report in English", email.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\" dir=\"ltr\">", page, StringComparison.Ordinal);
        Assert.Contains("href=\"?lang=en\"", page, StringComparison.Ordinal);
        Assert.Contains("Plan de acción", page, StringComparison.Ordinal);
        Assert.Contains("@media print", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Growth areas", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_page_draws_its_charts_as_inline_svg_in_the_report_language()
    {
        var school = A with { ReportLanguage = "es" };
        var data = new ProfileData().Add("a", ProfileData.Staff, 6, score: 2, perDimension: new() { ["leadership"] = 4 }).Add("a", ProfileData.Younger, 12, score: 3).Result();
        var report = Report(data, school);

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            await new ReportRenderer(TemplateLibrary.LoadDefault()).SchoolPageAsync(report, ProfileData.Catalog.Framework("cce-essential")));

        // One radar chart and one item chart per instrument with item results, no image to fetch or decode.
        var charts = page.QuerySelectorAll("svg[role=img]");
        Assert.Equal(1 + report.ItemResults.Count, charts.Length);
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.Contains("Liderazgo", charts[0].GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Contains(charts[0].QuerySelectorAll("text"), t => t.TextContent == Words["es", "radarSchool"]);
        Assert.All(charts.Skip(1), chart => Assert.Equal(Words["es", "itemsChartAlt"], chart.GetAttribute("aria-label")));
        var title = charts[1].QuerySelector("text")!.TextContent;
        var expected = Words.Format("es", "itemsChartTitle", ("title", report.ItemResults[0].Title));
        Assert.True(title == expected || (title.EndsWith('…') && expected.StartsWith(title[..^1], StringComparison.Ordinal)), $"{title} is not (the start of) {expected}");
        var ids = page.QuerySelectorAll("[id]").Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
