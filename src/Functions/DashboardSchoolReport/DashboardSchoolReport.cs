using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardSchoolReport;

/// <summary>HTTP GET <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/reports/{schoolId}</c>: a school's full report, as its design team's link shows it.</summary>
public sealed class DashboardSchoolReport(StoredReport report)
{
    [Function(nameof(DashboardSchoolReport))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/networks/{networkId}/rounds/{roundId}/reports/{schoolId}")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        CancellationToken cancellationToken) =>
        report.ShowAsync(request.HttpContext, new RoundKey(networkId, roundId), ReportStore.SchoolTarget(schoolId), cancellationToken);
}
