using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;

namespace ReadinessPipeline.Functions.DashboardHome;

/// <summary>HTTP GET <c>/api/dashboard</c>: the networks the coach may act on, and a form to create one.</summary>
public sealed class DashboardHome(HomePage home)
{
    [Function(nameof(DashboardHome))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request,
        CancellationToken cancellationToken) =>
        home.RenderAsync(request.HttpContext, null, null, cancellationToken);
}
