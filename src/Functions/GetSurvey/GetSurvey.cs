using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Intake;

namespace ReadinessPipeline.Functions.GetSurvey;

/// <summary>HTTP GET <c>/api/surveys/{token}</c>: the survey form for a link, or a page saying why it cannot be used.</summary>
public sealed partial class GetSurvey(SurveyIntake intake, SurveyPages pages, IAntiforgery antiforgery)
{
    [Function(nameof(GetSurvey))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var resolved = await intake.ResolveAsync(token, checkCompletion: true, cancellationToken);
        var nonce = SurveyPages.NewNonce();
        var languages = resolved.Instrument?.Languages ?? (IReadOnlyList<string>)[LocalizedText.DefaultLanguage];
        var language = SurveyPages.ChooseLanguage(languages, request.Text("lang"), request.Headers.AcceptLanguage);
        var path = resolved.Link is null ? "/api/surveys/unknown" : $"/api/surveys/{token}";

        if (resolved.Link is not null && request.Text("receipt") is { } receipt && ReceiptPattern().IsMatch(receipt))
        {
            return SurveyHtml.Page(await pages.MessageAsync(language, resolved.Instrument, languages, path, "thanksTitle", "thanksBody", nonce, receipt), nonce);
        }

        if (resolved.Status != LinkStatus.Usable)
        {
            return await SurveyHtml.RefusalAsync(pages, resolved, language, languages, path, nonce);
        }

        var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
        var html = await pages.FormAsync(resolved.Instrument!, language, path, path + "/responses", FormState.Fresh(), nonce, (tokens.FormFieldName, tokens.RequestToken!), preview: false, sharedLink: resolved.Link!.Kind == LinkKind.Shared, roleChoices: resolved.Link.RoleChoices);
        return SurveyHtml.Page(html, nonce);
    }

    [GeneratedRegex("^[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex ReceiptPattern();
}

/// <summary>HTML responses of the survey pages, with the headers every such page carries.</summary>
public static class SurveyHtml
{
    public static IResult Page(string html, string nonce, int status = StatusCodes.Status200OK) => new HtmlPage(html, nonce, status);

    /// <summary>The page for a link that cannot be used now, in the respondent's language.</summary>
    public static async Task<IResult> RefusalAsync(SurveyPages pages, ResolvedLink resolved, string language, IReadOnlyList<string> languages, string path, string nonce)
    {
        var (status, title, body) = resolved.Status switch
        {
            LinkStatus.Revoked => (StatusCodes.Status410Gone, "revokedTitle", "revokedBody"),
            LinkStatus.Closed => (StatusCodes.Status409Conflict, "closedTitle", "closedBody"),
            LinkStatus.NotYetOpen => (StatusCodes.Status409Conflict, "notOpenTitle", "notOpenBody"),
            LinkStatus.AlreadyUsed => (StatusCodes.Status409Conflict, "usedTitle", "usedBody"),
            LinkStatus.SubmissionIdTaken => (StatusCodes.Status409Conflict, "idTakenTitle", "idTakenBody"),
            LinkStatus.Full => (StatusCodes.Status409Conflict, "fullTitle", "fullBody"),
            _ => (StatusCodes.Status404NotFound, "unknownTitle", "unknownBody"),
        };
        var date = resolved.Round is null ? "" : pages.FormatDate(language, resolved.Round.OpensAt);
        return Page(await pages.MessageAsync(language, resolved.Instrument, languages, path, title, body, nonce, null, ("date", date)), nonce, status);
    }

    private sealed class HtmlPage(string html, string nonce, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy =
                $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(html, http.RequestAborted);
        }
    }
}
