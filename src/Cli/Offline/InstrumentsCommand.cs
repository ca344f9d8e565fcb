using System.CommandLine;
using System.Text.Json;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Cli.Offline;

/// <summary>
/// <c>readiness instruments show &lt;instrument-id&gt; [--version n] --format json</c>: an instrument (its newest
/// version unless one is named) as JSON: id, version and its items with id, dimension, reverse, min, max and whether
/// it offers "don't know" (what a CSV export for <c>score</c> must hold).
/// </summary>
public static class InstrumentsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instrument-id") { Description = "Instrument id, e.g. staff-readiness." };
        var format = FormatOption();
        var version = VersionOption();
        var show = new Command("show", "Print an instrument's items as JSON.") { id, version, format };
        show.SetAction(result =>
        {
            var catalog = Catalog.LoadDefault();
            var instrument = Find(catalog, result.GetValue(id)!, result.GetValue(version));
            if (instrument is null)
            {
                return Offline.Fail(Unknown(catalog, result.GetValue(id)!, result.GetValue(version)));
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                id = instrument.Id,
                version = instrument.Version,
                items = instrument.Items.Select(i => new { id = i.Id, dimension = i.Dimension, reverse = i.Reverse, min = i.Min, max = i.Max, dontKnow = i.DontKnow }),
            }));
            return 0;
        });
        return new Command("instruments", "The survey instruments the product knows.") { show };
    }

    /// <summary>An instrument version; without it, the newest (what new rounds use).</summary>
    public static Option<int?> VersionOption() =>
        new("--version") { Description = "Instrument version (default: the newest), e.g. 1 for files exported from the first version." };

    public static Models.Instrument? Find(Catalog catalog, string id, int? version) =>
        version is { } number ? catalog.Find(id, number) : catalog.Latest(id);

    public static string Unknown(Catalog catalog, string id, int? version) =>
        catalog.Latest(id) is not null && version is { } number
            ? $"Instrument '{InputFile.Shown(id)}' has no version {number}; versions: {string.Join(", ", catalog.Instruments.Where(i => i.Id == id).Select(i => i.Version).Order())}."
            : $"Unknown instrument '{InputFile.Shown(id)}'. Known: {string.Join(", ", catalog.Instruments.Select(i => i.Id).Distinct().Order(StringComparer.Ordinal))}.";

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
