using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Functions.GetParentPreview;

/// <summary>
/// HTTP GET <c>/api/preview/{instrumentId}?version=n</c>: a read-only copy of a student survey for families, in the
/// version a round asks (the design team's email links to it; without <c>version</c>, the newest), in any language the
/// instrument has; no token, nothing can be sent.
/// </summary>
public sealed class GetParentPreview(Catalog catalog, SurveyPages pages)
{
    [Function(nameof(GetParentPreview))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "preview/{instrumentId}")] HttpRequest request,
        string instrumentId)
    {
        if (!request.TryGet<int>("version", out var version))
        {
            return Problems.BadQuery("version");
        }

        var instrument = version is { } asked ? catalog.Find(instrumentId, asked) : catalog.Latest(instrumentId);
        var nonce = SurveyPages.NewNonce();
        if (instrument is not { Audience: Audience.Student })
        {
            return SurveyHtml.Page(await pages.MessageAsync(LocalizedText.DefaultLanguage, null, [LocalizedText.DefaultLanguage], "/api/preview/unknown", "unknownTitle", "unknownBody", nonce), nonce, StatusCodes.Status404NotFound);
        }

        var language = SurveyPages.ChooseLanguage(instrument.Languages, request.Text("lang"), request.Headers.AcceptLanguage);
        var path = $"/api/preview/{instrument.Id}" + (version is null ? "" : $"?version={instrument.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var html = await pages.FormAsync(instrument, language, path, path, FormState.Fresh(), nonce, antiforgery: null, preview: true);
        return SurveyHtml.Page(html, nonce);
    }
}
