using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Functions.GetParentPreview;

/// <summary>
/// HTTP GET <c>/api/preview/{instrumentId}</c>: a read-only copy of a student survey for families, in any language
/// the instrument has; no token, nothing can be sent.
/// </summary>
public static class GetParentPreview
{
    public static void MapGetParentPreview(this IEndpointRouteBuilder app) => app.MapGet("/api/preview/{instrumentId}", HandleAsync);

    private static async Task<IResult> HandleAsync(string instrumentId, string? lang, HttpContext http, Catalog catalog, SurveyPages pages)
    {
        var instrument = catalog.Latest(instrumentId);
        var nonce = SurveyPages.NewNonce();
        if (instrument is not { Audience: Audience.Student })
        {
            return SurveyHtml.Page(await pages.MessageAsync(LocalizedText.DefaultLanguage, null, [LocalizedText.DefaultLanguage], "/api/preview/unknown", "unknownTitle", "unknownBody", nonce), nonce, StatusCodes.Status404NotFound);
        }

        var language = SurveyPages.ChooseLanguage(instrument.Languages, lang, http.Request.Headers.AcceptLanguage);
        var path = $"/api/preview/{instrument.Id}";
        var html = await pages.FormAsync(instrument, language, path, path, FormState.Fresh(), nonce, antiforgery: null, preview: true);
        return SurveyHtml.Page(html, nonce);
    }
}
