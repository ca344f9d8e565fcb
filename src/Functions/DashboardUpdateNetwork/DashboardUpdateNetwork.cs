using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardUpdateNetwork;

/// <summary>HTTP POST <c>/api/dashboard/networks/{networkId}/settings</c> (form): name, coach emails, retention and trend keeping, as the coach API changes them.</summary>
public sealed class DashboardUpdateNetwork(DashboardPages pages, NetworkPage page, NetworkStore networks, NetworkAdmin admin)
{
    [Function(nameof(DashboardUpdateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/settings")] HttpRequest request,
        string networkId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var back = DashboardPages.Network(networkId);
        if (await pages.RefusedFormAsync(http, back) is { } expired)
        {
            return expired;
        }

        if (await networks.GetNetworkAsync(networkId, cancellationToken) is not { } network)
        {
            return await pages.NotFoundAsync(http);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var values = new Dictionary<string, string>
        {
            ["name"] = form["name"].ToString(),
            ["coachEmails"] = form["coachEmails"].ToString(),
            ["retentionDays"] = form["retentionDays"].ToString().Trim(),
            ["keepTrends"] = form["keepTrends"] == "true" ? "true" : "false",
        };
        int? retention = null;
        if (values["retentionDays"].Length > 0)
        {
            if (!int.TryParse(values["retentionDays"], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                return await page.RenderAsync(http, network, new NetworkPageState(Settings: values, SettingsErrors: new Dictionary<string, string[]> { ["retentionDays"] = ["not a number"] }), cancellationToken);
            }

            retention = days;
        }

        var update = new UpdateNetworkRequest(values["name"], HomePage.Emails(values["coachEmails"]), retention, values["keepTrends"] == "true");
        var result = await admin.UpdateAsync(networkId, update, request.CoachKeyId(), cancellationToken);
        return result is (_, { } refused)
            ? await page.RenderAsync(http, network, new NetworkPageState(Settings: values, SettingsErrors: refused.Errors), cancellationToken)
            : DashboardPages.SeeOther(back + "?done=settings");
    }
}
