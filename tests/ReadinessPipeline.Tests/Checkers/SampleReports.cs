using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Tests.Profiles;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// A school report and a network summary with every part a template can show (scores, bands, change since the last
/// round, staff versus students, personas, comments, hidden numbers, charts), for checking their pages and emails.
/// </summary>
internal static class SampleReports
{
    private static readonly string[] Personas = ["Champions", "Pragmatists", "Skeptics"];

    public static SchoolReport School() => ProfileBuilder.School(Inputs(), ProfileData.School("a"));

    public static NetworkReport Network() => ProfileBuilder.Network(Inputs());

    public static byte[]? Radar(SchoolReport report) => ReportCharts.Radar(report, ProfileData.Catalog.Framework("cce-essential"));

    private static ProfileInputs Inputs()
    {
        var current = new ProfileData()
            .Add("a", ProfileData.Staff, 12, score: 3, perDimension: new() { ["leadership"] = 5, ["technology"] = 2 }, comments: n => new() { ["needs"] = $"More planning time <{n}> & coaching" })
            .Add("a", ProfileData.Older, 8, score: 4)
            .Add("a", ProfileData.Younger, 3, score: 2)
            .Add("b", ProfileData.Staff, 11, score: 4)
            .Add("c", ProfileData.Staff, 6, score: 2)
            .Result();
        var previous = new ProfileData().Add("a", ProfileData.Staff, 10, score: 3).Add("b", ProfileData.Staff, 10, score: 3).Result();
        var personas = new PersonaCounts(Personas, ["Ready for change", "Willing, want support", "Doubt the change"], new Dictionary<string, int[]>
        {
            ["a"] = [6, 4, 2],
            ["b"] = [5, 5, 1],
            ["c"] = [1, 2, 3],
        });
        var profiles = new Dictionary<string, ProfileAssignment>
        {
            ["a"] = new("Developing: strong leadership, gaps in technology", "Many practices are in place; technology lags.", true),
            ["b"] = new("Ready overall", "Most practices are in place.", true),
            ["c"] = new("Emerging overall", "Early steps.", true),
        };
        return ProfileData.Inputs(current, [ProfileData.School("a"), ProfileData.School("b"), ProfileData.School("c")], previous, personas, profiles);
    }
}
