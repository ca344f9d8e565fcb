using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.DashboardSignOut;

/// <summary>HTTP POST <c>/api/dashboard/sign-out</c>: ends the session everywhere (its record is deleted) and forgets the cookie.</summary>
public sealed class DashboardSignOut(DashboardPages pages, CoachSessions sessions)
{
    [Function(nameof(DashboardSignOut))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/sign-out")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await pages.RefusedFormAsync(http, DashboardPages.Root) is { } expired)
        {
            return expired;
        }

        await sessions.EndAsync(((CoachSession)http.Items[DashboardGate.SessionItem]!).Id, cancellationToken);
        DashboardGate.ForgetCookie(http);
        return DashboardPages.SeeOther(DashboardGate.SignInPath + "?ended=signed-out");
    }
}
