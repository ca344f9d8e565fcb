using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Tests.Profiles;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// A school report and a network summary with every part a template can show (practice and readiness, scores, bands,
/// change since the last round, staged next steps, staff versus students per form, staff by role, personas, item
/// results with "don't know", trends, comments, hidden numbers, charts), for checking their pages and emails in each
/// report language.
/// </summary>
internal static class SampleReports
{
    public static SchoolReport School(string language = "en") => ProfileBuilder.School(Inputs(), ProfileData.School("a") with { ReportLanguage = language });

    public static NetworkReport Network() => ProfileBuilder.Network(Inputs());

    public static byte[]? Radar(SchoolReport report) => ReportCharts.Radar(report, ProfileData.Catalog.Framework("cce-essential"));

    private static ProfileInputs Inputs()
    {
        // School a: teachers who want change but lack capacity, support staff and administrators who cannot judge some
        // items, a compared grades 6-12 form and a grades 3-5 form under the floor.
        var current = new ProfileData()
            .Add("a", ProfileData.Staff, 12, score: 3, perDimension: new() { ["leadership"] = 5, ["technology"] = 2, ["desire-to-change"] = 5, ["capacity"] = 2 }, comments: n => new() { ["needs"] = $"More planning time <{n}> & coaching" }, role: "teacher")
            .Add("a", ProfileData.Staff, 6, score: 3, role: "support+administrator", answer: (n, item) => item.DontKnow && n < 2 ? Item.DontKnowCode : null)
            .Add("a", ProfileData.Older, 8, score: 4)
            .Add("a", ProfileData.Younger, 3, score: 2)
            .Add("b", ProfileData.Staff, 11, score: 4)
            .Add("c", ProfileData.Staff, 6, score: 2)
            .Result();
        var earlier = new ProfileData().Add("a", ProfileData.Staff, 10, score: 2).Add("b", ProfileData.Staff, 10, score: 3).Result();
        var previous = new ProfileData().Add("a", ProfileData.Staff, 10, score: 3).Add("b", ProfileData.Staff, 10, score: 3).Result();
        var features = current.StaffVectorDimensions;
        double[] Centroid(double practice, double desire, double capacity) =>
            [.. features.Select(f => f == RoundAggregates.Practice ? practice : f == "desire-to-change" ? desire : f == "capacity" ? capacity : 3.0)];
        var personas = new PersonaCounts(features, [Centroid(4, 4, 4), Centroid(2.5, 4.2, 2.2), Centroid(2, 2, 3)], new Dictionary<string, int[]>
        {
            ["a"] = [6, 8, 2],
            ["b"] = [5, 5, 1],
            ["c"] = [1, 2, 3],
        });
        var profiles = new Dictionary<string, ProfileAssignment>
        {
            ["a"] = new("Developing: strong leadership, gaps in technology", "Many practices are in place; technology lags.", true),
            ["b"] = new("Ready overall", "Most practices are in place.", true),
            ["c"] = new("Emerging overall", "Early steps.", true),
        };
        return ProfileData.Inputs(current, [ProfileData.School("a"), ProfileData.School("b"), ProfileData.School("c")], previous, personas, profiles) with
        {
            History =
            [
                new TrendData("spring", DateTimeOffset.UnixEpoch.AddDays(-300), earlier.Groups) { Name = "Spring" },
                new TrendData("winter", DateTimeOffset.UnixEpoch.AddDays(-120), previous.Groups) { Name = "Winter" },
            ],
        };
    }
}
