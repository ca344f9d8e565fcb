using System.Globalization;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>
/// A round's page: its state and window, open or close (after a confirmation), response rates per school and
/// instrument as progress bars, email counts, and once closed its reports (re-send, full reports, network summary,
/// CSV) with the network heatmap, profile groups and personas. Everything comes from the same readers as the coach API.
/// </summary>
public sealed class RoundPage(DashboardPages pages, RoundStatusReader statuses, NetworkStore networks, ReportStore reports, SharedLinkActions sharedLinks, Catalog catalog, TimeProvider clock)
{
    public async Task<IResult?> RenderAsync(HttpContext http, string networkId, string roundId, string? noticeKey, CancellationToken cancellationToken)
    {
        var status = await statuses.ReadAsync(networkId, roundId, cancellationToken);
        var network = await networks.GetNetworkAsync(networkId, cancellationToken);
        if (status is null || network is null)
        {
            return null;
        }

        var language = pages.Language(http);
        var ui = pages.Words(language);
        var round = status.Round;
        var href = DashboardPages.Round(networkId, roundId);
        var state = round.State.ToString().ToLowerInvariant();
        string Title(string instrumentId) => catalog.Latest(instrumentId)?.Title.In(language) ?? instrumentId;
        var counter = 0;
        object Rate(InstrumentProgress p)
        {
            counter++;
            var label = p.Invited is > 0 && p.ResponseRate is { } rate
                ? pages.Text(language, "rateKnown", ("instrument", Title(p.InstrumentId)), ("responded", p.Responded), ("invited", p.Invited), ("percent", DashboardPages.Percent(rate)))
                : pages.Text(language, "rateUnknown", ("instrument", Title(p.InstrumentId)), ("responded", p.Responded));
            return new { Key = counter, Label = label, Max = p.Invited is > 0 ? p.Invited : null, Value = Math.Min(p.Responded, p.Invited ?? 0) };
        }

        var closed = round.State is RoundState.Closing or RoundState.Closed;
        var networkReport = closed ? await reports.ReadAsync(round.Key, $"{ReportStore.NetworkTarget}/report.json", cancellationToken) : null;
        var summary = networkReport?.ToObjectFromJson<NetworkReport>(PipelineJson.Options);
        var names = (await networks.ListSchoolsAsync(networkId, cancellationToken)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var links = round.State is RoundState.Draft or RoundState.Open ? await sharedLinks.ListAsync(round.Key, cancellationToken) ?? [] : [];
        var model = new
        {
            NetworkName = network.Name,
            NetworkHref = DashboardPages.Network(networkId),
            Href = href,
            round.Name,
            State = state,
            StateText = ui["state." + state],
            StateHint = pages.Text(language, "stateHint." + state, ("opens", pages.When(language, round.OpensAt)), ("closes", pages.When(language, round.ClosesAt))),
            Notice = noticeKey is null ? null : ui.GetValueOrDefault("done." + noticeKey),
            Window = pages.Text(language, "windowText", ("opens", pages.When(language, round.OpensAt)), ("closes", pages.When(language, round.ClosesAt))),
            Instruments = round.Instruments.Select(i => $"{Title(i.InstrumentId)} ({ui["mode." + i.Mode.ToString().ToLowerInvariant()]})").ToList(),
            Reminders = round.ReminderOffsets.Count == 0 ? ui["noReminders"] : string.Join(", ", round.ReminderOffsets.Select(r => pages.Text(language, "reminderAfter", ("days", r.TotalDays.ToString("0.#", CultureInfo.InvariantCulture))))),
            CanOpen = round.State == RoundState.Draft && round.ClosesAt > clock.GetUtcNow(),
            CanClose = round.State == RoundState.Open,
            Live = round.State is RoundState.Open or RoundState.Closing,
            pages.RefreshSeconds,
            Updated = pages.Text(language, "updatedAt", ("time", pages.When(language, clock.GetUtcNow()))),
            NetworkRates = status.Network.Select(Rate).ToList(),
            Schools = status.Schools.GroupBy(p => p.SchoolId).Select(g => new { Name = g.First().SchoolName, Rates = g.Select(Rate).ToList() }).ToList(),
            Emails = status.Emails.Select(e => new { Kind = ui["email." + RoundViews.Name(e.Kind)], e.Sent, e.Sending, e.Failed }).ToList(),
            Failures = status.Emails.Any(e => e.Failed > 0),
            SharedLinks = links.Select((link, n) =>
            {
                var what = pages.Text(language, "linkName", ("school", names.GetValueOrDefault(link.SchoolId, link.SchoolId)), ("instrument", Title(link.InstrumentId)));
                return new
                {
                    Key = n,
                    Title = what,
                    StateText = ui["linkState." + link.State],
                    CountText = pages.Text(language, "linkCount", ("answers", link.Answers), ("cap", link.Cap), ("source", ui["capSource." + RoundViews.Name(link.CapSource)])),
                    Cap = link.CapSource == CapSource.Coach ? link.Cap.ToString(CultureInfo.InvariantCulture) : "",
                    Action = $"{href}/schools/{link.SchoolId}/shared-links/{link.InstrumentId}",
                    CanChange = round.State == RoundState.Open && link.State != "replacing",
                    CapForm = pages.Text(language, "linkCapForm", ("link", what)),
                    OffForm = pages.Text(language, "linkOffForm", ("link", what)),
                    ReplaceForm = pages.Text(language, "linkReplaceForm", ("link", what)),
                };
            }).ToList(),
            Closed = closed,
            // Closed only once every report file is stored (the network summary may be written before a school's).
            Built = summary is not null && round.State == RoundState.Closed,
            Reports = status.Reports.Where(r => r.Target != ReportStore.NetworkTarget).Select(r =>
            {
                var name = names.GetValueOrDefault(r.Target, r.Target);
                return new
                {
                    Name = name,
                    Status = RoundViews.Name(r.Status),
                    StatusText = ui["delivery." + RoundViews.Name(r.Status)],
                    ReportHref = $"{href}/reports/{r.Target}",
                    ReportText = pages.Text(language, "fullReport", ("school", name)),
                    ResendAction = $"{href}/schools/{r.Target}/resend",
                    ResendText = pages.Text(language, "resend", ("school", name)),
                };
            }).ToList(),
            Profile = summary is null ? null : Profile(language, ui, summary, round),
        };
        return await pages.PageAsync(http, "round", round.Name, model, script: round.State is RoundState.Open or RoundState.Closing);
    }

    /// <summary>The network summary's heatmap, profile groups and personas, as the page shows them.</summary>
    private object Profile(string language, IReadOnlyDictionary<string, string> ui, NetworkReport summary, Round round)
    {
        var framework = round.Instruments.Select(i => catalog.Find(i.InstrumentId, i.InstrumentVersion)).OfType<Instrument>().Select(catalog.FrameworkOf).FirstOrDefault()
            ?? catalog.Frameworks.First();
        return new
        {
            Dimensions = summary.StaffDimensions.Select(d => d.Name.In(language)).ToList(),
            Rows = summary.Schools.Select(s => new
            {
                Name = s.SchoolName,
                Cells = s.StaffMeans.Select(mean => mean is { } value
                    ? new { Band = framework.BandFor(value).Id, Text = value.ToString("0.0", CultureInfo.InvariantCulture) }
                    : new { Band = "hidden", Text = ui["notShown"] }).ToList(),
            }).ToList(),
            Bands = framework.Bands.Select(b => new { b.Id, Label = b.Label.In(language) }).Append(new { Id = "hidden", Label = ui["notShownLegend"] }).ToList(),
            Note = summary.ProfileNote,
            Groups = summary.Profiles.Select(g => new { g.Name, g.Meaning, g.Schools }).ToList(),
            Personas = summary.Personas.Select(p => new { p.Persona, p.Description, p.Display }).ToList(),
        };
    }
}
