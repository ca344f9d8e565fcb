using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.GetReport;

/// <summary>
/// HTTP GET <c>/api/reports/{token}</c>: the full HTML report a report link opens (one school's, or the network
/// summary), with its own scoped token. The page has no scripts; its charts are embedded images. <c>?lang=es</c>
/// (or any report language) opens a school's page in that language when it was written; otherwise the page in the
/// school's own report language. A link past its lifetime answers 410 with a page saying to ask for the report again.
/// </summary>
public sealed class GetReport(ReportStore reports, SurveyPages pages, TimeProvider clock)
{
    [Function(nameof(GetReport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var link = await reports.FindLinkAsync(token, cancellationToken);
        if (link is not null && link.IsExpiredAt(clock.GetUtcNow()))
        {
            var nonce = SurveyPages.NewNonce();
            return SurveyHtml.Page(await pages.MessageAsync("en", null, ["en"], "/api/reports/expired", "reportExpiredTitle", "reportExpiredBody", nonce), nonce, StatusCodes.Status410Gone);
        }

        var lang = request.Text("lang");
        var translated = link is null || lang is not { Length: 2 } || !lang.All(char.IsAsciiLetterLower) ? null
            : await reports.ReadAsync(link.Round, $"{link.Target}/{Surveys.Profiles.ProfileEngine.ReportPageName(lang)}", cancellationToken);
        var html = translated ?? (link is null ? null : await reports.ReadAsync(link.Round, $"{link.Target}/report.html", cancellationToken));
        if (html is null)
        {
            var nonce = SurveyPages.NewNonce();
            return SurveyHtml.Page(await pages.MessageAsync("en", null, ["en"], "/api/reports/unknown", "unknownTitle", "unknownBody", nonce), nonce, StatusCodes.Status404NotFound);
        }

        return ReportHtml.Page(html.ToString());
    }
}
