using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.DashboardResendReport;

/// <summary>HTTP POST <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend</c> (form): sends a school's report again, as the coach API does.</summary>
public sealed class DashboardResendReport(DashboardPages pages, RoundAdmin admin)
{
    [Function(nameof(DashboardResendReport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var href = DashboardPages.Round(networkId, roundId);
        if (await pages.RefusedFormAsync(http, href) is { } expired)
        {
            return expired;
        }

        return await admin.ResendAsync(new RoundKey(networkId, roundId), schoolId, request.CoachKeyId(), cancellationToken) is null
            ? await pages.MessageAsync(http, "noReportTitle", "noReportBody", StatusCodes.Status404NotFound, href, "backToRound")
            : DashboardPages.SeeOther(href + "?done=resent");
    }
}
