using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>What the round form holds: as first shown, or as sent back with its errors.</summary>
public sealed record NewRoundForm(
    string Name,
    string Id,
    IReadOnlyDictionary<string, string> Modes,
    IReadOnlySet<string> Instruments,
    string Opens,
    string Closes,
    string Reminders,
    IReadOnlySet<string> Schools);

/// <summary>The form that creates a round: instruments with their modes, window, reminders and schools, errors beside the fields.</summary>
public sealed class NewRoundPage(DashboardPages pages, NetworkStore networks, Catalog catalog, TimeProvider clock)
{
    private static readonly string[] ModeNames = ["confidential", "anonymous"];

    /// <summary>The newest version of every instrument, in a stable order.</summary>
    public IEnumerable<Instrument> Instruments() =>
        catalog.Instruments.GroupBy(i => i.Id).Select(g => g.MaxBy(i => i.Version)!).OrderBy(i => i.Audience).ThenBy(i => i.Id, StringComparer.Ordinal);

    public async Task<IResult> RenderAsync(HttpContext http, Network network, NewRoundForm? sent, IReadOnlyDictionary<string, string[]>? errors, CancellationToken cancellationToken)
    {
        var language = pages.Language(http);
        var ui = pages.Words(language);
        var now = clock.GetUtcNow();
        var form = sent ?? new NewRoundForm("", "", new Dictionary<string, string>(), new HashSet<string>(), pages.LocalInput(now.AddDays(1).Date), pages.LocalInput(now.AddDays(15).Date), "3, 7", new HashSet<string>());
        string? Error(string field) => DashboardPages.FieldError(ui, field, errors);
        var schools = await networks.ListSchoolsAsync(network.Id, cancellationToken);
        var instruments = Instruments().Select((instrument, index) =>
        {
            var defaultMode = instrument.Audience == Audience.Staff ? "confidential" : "anonymous";
            var mode = form.Modes.GetValueOrDefault(instrument.Id, defaultMode);
            var position = form.Instruments.Order(StringComparer.Ordinal).ToList().IndexOf(instrument.Id);
            return new
            {
                instrument.Id,
                Title = instrument.Title.In(language),
                Checked = form.Instruments.Contains(instrument.Id),
                Error = errors?.Keys.Any(k => k == $"instruments[{position}].mode") == true ? ui["error.mode"] : null,
                Modes = ModeNames.Select(m => new { Value = m, Text = ui["mode." + m], Selected = m == mode }).ToList(),
            };
        }).ToList();
        var fields = new
        {
            Name = new FormField("name", ui["roundName"], form.Name, Error("name")) { Required = true, Autocomplete = "off" },
            Id = new FormField("id", ui["roundId"], form.Id, Error("id") ?? Error("idTaken"), ui["roundIdHint"]) { Autocomplete = "off" },
            Opens = new FormField("opensAt", ui["opensAt"], form.Opens, Error("opensAt"), Kind: "datetime-local") { Required = true },
            Closes = new FormField("closesAt", ui["closesAt"], form.Closes, Error("closesAt"), Kind: "datetime-local") { Required = true },
            Reminders = new FormField("reminders", ui["remindersField"], form.Reminders, Error("reminders"), ui["remindersHint"]) { Autocomplete = "off" },
        };
        var instrumentsError = errors?.Keys.Any(k => k == "instruments" || (k.StartsWith("instruments[", StringComparison.Ordinal) && !k.EndsWith(".mode", StringComparison.Ordinal))) == true ? ui["error.instruments"] : null;
        var schoolsError = Error("schools");
        var summary = new List<FieldError>();
        summary.AddRange(new[] { fields.Name, fields.Id }.Where(f => f.Error is not null).Select(f => new FieldError(f.Id, f.Error!)));
        if (instrumentsError is not null)
        {
            summary.Add(new FieldError("f-instruments", instrumentsError));
        }

        summary.AddRange(instruments.Where(i => i.Error is not null).Select(i => new FieldError("f-mode-" + i.Id, $"{i.Title}: {i.Error}")));
        summary.AddRange(new[] { fields.Opens, fields.Closes, fields.Reminders }.Where(f => f.Error is not null).Select(f => new FieldError(f.Id, f.Error!)));
        if (schoolsError is not null)
        {
            summary.Add(new FieldError("f-schools", schoolsError));
        }

        return await pages.PageAsync(http, "new-round", ui["newRoundTitle"], new
        {
            NetworkName = network.Name,
            NetworkHref = DashboardPages.Network(network.Id),
            fields.Name,
            fields.Id,
            fields.Opens,
            fields.Closes,
            fields.Reminders,
            Instruments = instruments,
            InstrumentsError = instrumentsError,
            ZoneHint = pages.Text(language, "zoneHint", ("zone", pages.ZoneName)),
            Schools = schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new { s.Id, s.Name, Checked = form.Schools.Contains(s.Id) }).ToList(),
            SchoolsError = schoolsError,
            Errors = summary,
        }, errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
