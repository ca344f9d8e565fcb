using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>A built round's full report page (a school's, or the network summary) for a signed-in coach, as the report links show it.</summary>
public sealed class StoredReport(DashboardPages pages, ReportStore reports)
{
    public async Task<IResult> ShowAsync(HttpContext http, RoundKey round, string target, CancellationToken cancellationToken) =>
        await reports.ReadAsync(round, $"{target}/report.html", cancellationToken) is { } html
            ? ReportHtml.Page(html.ToString())
            : await pages.MessageAsync(http, "noReportTitle", "noReportBody", StatusCodes.Status404NotFound, DashboardPages.Round(round.NetworkId, round.RoundId), "backToRound");
}
