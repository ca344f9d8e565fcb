using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.DashboardCreateNetwork;

/// <summary>
/// HTTP POST <c>/api/dashboard/networks</c> (form): creates a network as the coach API does (an organisation-wide coach
/// only), then opens its page; errors return beside the fields.
/// </summary>
public sealed class DashboardCreateNetwork(DashboardPages pages, HomePage home, NetworkAdmin admin, ILogger<DashboardCreateNetwork> logger)
{
    [Function(nameof(DashboardCreateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await pages.RefusedFormAsync(http, DashboardPages.Root) is { } expired)
        {
            return expired;
        }

        // Under no one network: only an organisation-wide coach may create one (the coach API's scope rule).
        if (CoachAccess.ScopeRefusal(http, logger) is not null)
        {
            return await pages.MessageAsync(http, "forbiddenTitle", "organisationOnlyBody", StatusCodes.Status403Forbidden);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var values = new Dictionary<string, string> { ["id"] = form["id"].ToString().Trim(), ["name"] = form["name"].ToString(), ["coachEmails"] = form["coachEmails"].ToString() };
        var (network, _, refused) = await admin.CreateAsync(new CreateNetworkRequest(values["id"], values["name"], HomePage.Emails(values["coachEmails"])), request.CoachKeyId(), cancellationToken);
        return refused is null
            ? DashboardPages.SeeOther(DashboardPages.Network(network!.Id))
            : await home.RenderAsync(http, values, refused.Errors, cancellationToken);
    }
}
