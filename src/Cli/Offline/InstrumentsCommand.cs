using System.CommandLine;
using System.Text.Json;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Cli.Offline;

/// <summary>
/// <c>readiness instruments show &lt;instrument-id&gt; --format json</c>: an instrument's newest version as JSON: id,
/// version and its items with id, dimension, reverse, min and max (what a CSV export for <c>score</c> must hold).
/// </summary>
public static class InstrumentsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instrument-id") { Description = "Instrument id, e.g. staff-readiness." };
        var format = FormatOption();
        var show = new Command("show", "Print an instrument's items as JSON.") { id, format };
        show.SetAction(result =>
        {
            var catalog = Catalog.LoadDefault();
            var instrument = catalog.Latest(result.GetValue(id)!);
            if (instrument is null)
            {
                return Offline.Fail($"Unknown instrument '{InputFile.Shown(result.GetValue(id)!)}'. Known: {string.Join(", ", catalog.Instruments.Select(i => i.Id).Distinct().Order(StringComparer.Ordinal))}.");
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                id = instrument.Id,
                version = instrument.Version,
                items = instrument.Items.Select(i => new { id = i.Id, dimension = i.Dimension, reverse = i.Reverse, min = i.Min, max = i.Max }),
            }));
            return 0;
        });
        return new Command("instruments", "The survey instruments the product knows.") { show };
    }

    public static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "Output format; json is the only one.", Required = true };
        format.AcceptOnlyFromAmong("json");
        return format;
    }
}

/// <summary>Shared by the offline commands: problems go to stderr, exit code 1.</summary>
internal static class Offline
{
    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
