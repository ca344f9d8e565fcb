using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Functions.DashboardCreateNetwork;

/// <summary>HTTP POST <c>/api/dashboard/networks</c> (form): creates a network as the coach API does, then opens its page; errors return beside the fields.</summary>
public sealed class DashboardCreateNetwork(DashboardPages pages, HomePage home, NetworkAdmin admin)
{
    [Function(nameof(DashboardCreateNetwork))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (!request.HasFormContentType || !await pages.FormIsValidAsync(http))
        {
            return await pages.ExpiredFormAsync(http, DashboardPages.Root);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var values = new Dictionary<string, string> { ["id"] = form["id"].ToString().Trim(), ["name"] = form["name"].ToString(), ["coachEmails"] = form["coachEmails"].ToString() };
        var (network, _, refused) = await admin.CreateAsync(new CreateNetworkRequest(values["id"], values["name"], HomePage.Emails(values["coachEmails"])), request.CoachKeyId(), cancellationToken);
        return refused is null
            ? DashboardPages.SeeOther(DashboardPages.Network(network!.Id))
            : await home.RenderAsync(http, values, refused.Errors, cancellationToken);
    }
}
