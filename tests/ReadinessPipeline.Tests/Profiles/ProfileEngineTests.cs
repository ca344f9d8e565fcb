using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Tests.Profiles;

public class ProfileEngineTests
{
    private static readonly ReportRenderer Renderer = new(TemplateLibrary.LoadDefault());

    /// <summary>Twelve schools of different sizes and results, so every school's report, chart and comparisons differ.</summary>
    private static ProfileInputs Inputs()
    {
        var data = new ProfileData();
        var schools = Enumerable.Range(0, 12).Select(i => ProfileData.School($"s{i:00}")).ToList();
        foreach (var (school, i) in schools.Select((s, i) => (s, i)))
        {
            data.Add(school.Id, ProfileData.Staff, 8 + i, score: 2 + (i % 3), perDimension: new() { ["leadership"] = 1 + (i % 5), ["technology"] = 5 - (i % 4) },
                comments: n => new() { ["strengths"] = $"Strength {n} of {school.Id}" });
            data.Add(school.Id, ProfileData.Younger, 12 + i, score: 3 + (i % 2));
        }

        return ProfileData.Inputs(data.Result(), schools);
    }

    [Fact]
    public async Task Report_files_rendered_in_parallel_are_byte_identical_to_files_rendered_one_at_a_time()
    {
        var inputs = Inputs();
        var sequential = new List<ReportFile>();
        foreach (var school in inputs.Schools)
        {
            sequential.AddRange(await ProfileEngine.SchoolFilesAsync(inputs, school, Renderer));
        }

        sequential.AddRange(await ProfileEngine.NetworkFilesAsync(inputs, Renderer));

        // Twice over with more workers than schools, so charts, templates and the report builder all run at once.
        var parallel = new System.Collections.Concurrent.ConcurrentBag<ReportFile>();
        await Parallel.ForEachAsync(inputs.Schools.Concat(inputs.Schools).Select(s => (School?)s).Append(null), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (school, _) =>
        {
            foreach (var file in school is null ? await ProfileEngine.NetworkFilesAsync(inputs, Renderer) : await ProfileEngine.SchoolFilesAsync(inputs, school, Renderer))
            {
                parallel.Add(file);
            }
        });

        Assert.Contains(sequential, f => f.Name == "schools/s05/report.html" && f.Content.ToString().Contains("<svg", StringComparison.Ordinal));
        Assert.Equal(["schools/s05/report.es.html", "schools/s05/report.html", "schools/s05/report.json"], sequential.Select(f => f.Name).Where(n => n.StartsWith("schools/s05/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(sequential, f => f.Name == "network/heatmap.png");
        Assert.Contains(sequential, f => f.Name == "network/schools.csv");
        foreach (var file in parallel)
        {
            Assert.Equal(sequential.Single(f => f.Name == file.Name).Content.ToArray(), file.Content.ToArray());
        }

        Assert.Equal(sequential.Count, parallel.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public async Task The_email_radar_and_csv_made_from_the_stored_report_data_are_those_made_from_the_report_itself()
    {
        // SendReport draws the design team's radar chart and writes its CSV from report.json; the numbers must survive
        // the round trip exactly.
        var inputs = Inputs();
        foreach (var school in inputs.Schools)
        {
            var files = await ProfileEngine.SchoolFilesAsync(inputs, school, Renderer);
            var stored = files.Single(f => f.Name == $"schools/{school.Id}/report.json").Content.ToObjectFromJson<SchoolReport>(Surveys.Storage.PipelineJson.Options)!;

            var expected = ReportCharts.Radar(ProfileBuilder.School(inputs, school), inputs.Framework);
            Assert.NotNull(expected);
            Assert.Equal(expected, ReportCharts.Radar(stored, inputs.Framework));
            Assert.Equal(ReportRenderer.SchoolCsv(ProfileBuilder.School(inputs, school)), ReportRenderer.SchoolCsv(stored));
        }
    }
}
