using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Access;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>The dashboard's first page: the networks the session's key may act on, and the form to create one.</summary>
public sealed class HomePage(DashboardPages pages, NetworkStore networks)
{
    public async Task<IResult> RenderAsync(HttpContext http, IReadOnlyDictionary<string, string>? values, IReadOnlyDictionary<string, string[]>? errors, CancellationToken cancellationToken)
    {
        var ui = pages.Words(pages.Language(http));
        var coach = http.SignedInCoach()!;
        var list = new List<Models.Network>();
        await foreach (var network in networks.ListNetworksAsync(cancellationToken))
        {
            if (coach.MayActOn(network.Id))
            {
                list.Add(network);
            }
        }

        string? Error(string field) => DashboardPages.FieldError(ui, field, errors);
        string? Value(string field) => values?.GetValueOrDefault(field);
        var fields = new[]
        {
            new FormField("id", ui["networkId"], Value("id"), Error("id"), ui["networkIdHint"]) { Required = true, Autocomplete = "off" },
            new FormField("name", ui["networkName"], Value("name"), Error("name")) { Required = true, Autocomplete = "off" },
            new FormField("coachEmails", ui["coachEmails"], Value("coachEmails"), Error("coachEmails"), ui["coachEmailsHint"], "textarea"),
        };
        return await pages.PageAsync(http, "networks", ui["networksTitle"], new
        {
            Networks = list.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new { n.Id, n.Name, Href = DashboardPages.Network(n.Id) }).ToList(),
            CanCreate = coach.IsOrganisationWide,
            Fields = fields,
            Errors = fields.Where(f => f.Error is not null).Select(f => new FieldError(f.Id, f.Error!)).ToList(),
        }, errors is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>Email addresses as typed in a text box: one per line, or separated by commas or semicolons.</summary>
    public static IReadOnlyList<string> Emails(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
