using System.CommandLine;
using System.Text.Json;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Offline;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Cli.Offline;

/// <summary>
/// <c>readiness score --instrument &lt;id&gt; [--version n] --input &lt;file.csv&gt; [--min-n 5] --format json [--output &lt;dir&gt;]</c>:
/// scores a CSV export (<c>respondent_id,school_id,&lt;item ids...&gt;</c>; <c>dk</c> for "don't know") with the pipeline's rules and prints
/// <c>{"instrument":{"id","version"},"dimensions":[{"id","alpha","n"}],"schools":[{"id","n","dimensions":[{"id","n",
/// "mean","percentFavorable","band","suppressed"}],"profile"}]}</c>; with <c>--output</c> also the HTML, PNG and CSV reports.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var instrumentId = new Option<string>("--instrument") { Description = "Instrument id, e.g. staff-readiness.", Required = true };
        var version = InstrumentsCommand.VersionOption();
        var input = new Option<FileInfo>("--input") { Description = "CSV file: respondent_id,school_id,<item ids...>; whole-number answers, dk = don't know, empty = not answered.", Required = true, CustomParser = Commands.FilePath };
        var minN = new Option<int>("--min-n") { Description = "Fewest respondents with a score before a school's result is shown.", DefaultValueFactory = _ => PrivacyFloors.Default.School };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Also write each school's HTML report, radar chart and CSV, and the network summary, here.", CustomParser = Commands.FolderPath };
        var format = InstrumentsCommand.FormatOption();
        minN.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < PrivacyFloors.Lowest)
            {
                result.AddError($"--min-n must be {PrivacyFloors.Lowest} or more: a smaller group could single out one respondent's answers.");
            }
        });

        var command = new Command("score", "Score a CSV export offline with the pipeline's rules and print the results as JSON.") { instrumentId, version, input, minN, format, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var catalog = Catalog.LoadDefault();
            var instrument = InstrumentsCommand.Find(catalog, result.GetValue(instrumentId)!, result.GetValue(version));
            if (instrument is null)
            {
                return Offline.Fail(InstrumentsCommand.Unknown(catalog, result.GetValue(instrumentId)!, result.GetValue(version)));
            }

            var file = result.GetValue(input)!;
            var folder = result.GetValue(output);
            try
            {
                ReportFolder.Check(folder);
                var scored = Score(instrument, catalog, file, result.GetValue(minN));
                if (folder is not null)
                {
                    await ReportFolder.WriteAsync(folder, temporary => WriteReportsAsync(scored, catalog, temporary, result.GetValue(minN), Path.GetFileNameWithoutExtension(file.Name)));
                }

                Console.Out.WriteLine(Json(scored));
                return 0;
            }
            catch (CliException e)
            {
                return Offline.Fail(e.Message);
            }
        });
        return command;
    }

    private static OfflineResult Score(Instrument instrument, Catalog catalog, FileInfo file, int minN)
    {
        var text = InputFile.ReadText(file);
        try
        {
            return OfflineScoring.Score(instrument, catalog.FrameworkOf(instrument), new ScoringPlans(), new StringReader(text), minN);
        }
        catch (OfflineInputException e)
        {
            throw new CliException($"{InputFile.Shown(file.FullName)}, {e.Message}");
        }
    }

    private static string Json(OfflineResult result) => JsonSerializer.Serialize(new
    {
        instrument = new { id = result.Instrument.Id, version = result.Instrument.Version },
        dimensions = result.Dimensions.Select(d => new { id = d.Id, alpha = d.Alpha, n = d.N }),
        schools = result.Schools.Select(s => new
        {
            id = s.Id,
            n = s.N,
            dimensions = s.Dimensions.Select(d => new { id = d.Id, n = d.N, mean = d.Mean, percentFavorable = d.PercentFavorable, band = d.Band, suppressed = d.Suppressed }),
            profile = s.Profile,
        }),
    });

    /// <summary>The same reports the pipeline emails, for a file: one network of the file's schools, one round.</summary>
    private static async Task WriteReportsAsync(OfflineResult result, Catalog catalog, DirectoryInfo folder, int minN, string name)
    {
        var framework = catalog.FrameworkOf(result.Instrument);
        var schools = result.Schools.Select(s => new School("offline", s.Id, s.Id, "", "K-12", [], null)).ToList();
        var round = new Round(name, "offline", name, RoundState.Closed, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [new RoundInstrument(result.Instrument.Id, result.Instrument.Version, ResponseMode.Anonymous)], [], DateTimeOffset.UnixEpoch);
        var profiles = result.Schools.ToDictionary(s => s.Id, s => new ProfileAssignment(s.Profile, "", true));
        var inputs = new ProfileInputs(new Network("offline", name, DateTimeOffset.UnixEpoch), round, framework, [result.Instrument], schools, result.Aggregates, null, null,
            profiles, null, null, new PrivacyFloors(School: minN, Network: Math.Max(minN, PrivacyFloors.Default.Network)));
        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault());
        foreach (var school in schools)
        {
            var report = ProfileBuilder.School(inputs, school);
            var radar = ReportCharts.Radar(report, framework);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, ReportFolder.FileName(school.Id, ".html")), await renderer.SchoolPageAsync(report, framework));
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, ReportFolder.FileName(school.Id, ".csv")), ReportRenderer.SchoolCsv(report));
            if (radar is not null)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, ReportFolder.FileName(school.Id, "-radar.png")), radar);
            }
        }

        var summary = ProfileBuilder.Network(inputs);
        var heatmap = result.Instrument.Audience == Audience.Staff ? ReportCharts.Heatmap(summary) : null;
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "network.html"), await renderer.NetworkPageAsync(summary));
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "schools.csv"), ReportRenderer.NetworkCsv(summary));
        if (heatmap is not null)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "heatmap.png"), heatmap);
        }

    }
}
