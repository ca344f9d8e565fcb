using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;
using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.SubmitSurvey;

/// <summary>
/// HTTP POST <c>/api/surveys/{token}/responses</c>: takes a submission as JSON (API) or as a form post (the survey
/// page, with anti-forgery), stores it durably and answers 202 with a receipt. Bad input gets an RFC 7807 problem
/// (or, for a plain form post, the form again with the errors) and stores nothing; so does a client sending too many
/// through one link (429 with Retry-After, before the answers are read).
/// </summary>
public sealed class SubmitSurvey(SurveyIntake intake, SurveyPages pages, IAntiforgery antiforgery, SubmissionRateLimit rateLimit)
{
    /// <summary>Largest accepted body. The longest instrument with every open answer at its limit fits well inside.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The form post checks its anti-forgery token itself (a JSON post from an API client has none to check).</summary>
    [Function(nameof(SubmitSurvey))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "surveys/{token}/responses")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var bodyLimit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false })
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (rateLimit.Refusal(http, token) is { } wait)
        {
            return await TooManyAsync(token, http, wait, intake, pages, antiforgery, cancellationToken);
        }

        if (request.HasFormContentType)
        {
            return await FromFormAsync(token, http, intake, pages, antiforgery, cancellationToken);
        }

        if (request.HasJsonContentType())
        {
            return await FromJsonAsync(token, request, intake, cancellationToken);
        }

        return Rejected(Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", "Send the submission as application/json."), "unsupported-media-type");
    }

    private static async Task<IResult> FromJsonAsync(string token, HttpRequest request, SurveyIntake intake, CancellationToken cancellationToken)
    {
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length > MaxBodyBytes)
            {
                return TooLarge();
            }

            body = buffer.ToArray();
        }

        var (parsed, school, error) = SubmissionJson.Parse(body);
        if (parsed is null)
        {
            return Rejected(Problems.Of(StatusCodes.Status400BadRequest, "malformed-json", "The body is not a valid submission", error!), "malformed-json");
        }

        return ToApiResult(await intake.SubmitAsync(token, parsed, school, cancellationToken));
    }

    private static async Task<IResult> FromFormAsync(string token, HttpContext http, SurveyIntake intake, SurveyPages pages, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var wantsJson = WantsJson(http);
        if (await ReadFormAsync(http, cancellationToken) is not { } form)
        {
            return Rejected(Problems.Of(StatusCodes.Status400BadRequest, "malformed-form", "The form could not be read", "The body is not a valid form post; send the survey page again."), "malformed-form");
        }

        var parsed = FromForm(form);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Rejected(
                wantsJson
                    ? Problems.Of(StatusCodes.Status400BadRequest, "page-expired", "Please reload the page", "The page's anti-forgery check failed; reload the survey and send again.")
                    : await ExpiredAsync(pages, intake, token, parsed.Language, cancellationToken),
                "page-expired");
        }

        var outcome = await intake.SubmitAsync(token, parsed, null, cancellationToken);
        if (wantsJson && outcome is not IntakeOutcome.Invalid)
        {
            return ToApiResult(outcome);
        }

        var nonce = SurveyPages.NewNonce();
        var path = $"/api/surveys/{token}";
        switch (outcome)
        {
            case IntakeOutcome.Accepted accepted:
                var instrument = (await intake.ResolveAsync(token, checkCompletion: false, cancellationToken)).Instrument;
                var languages = instrument?.Languages ?? [LocalizedText.DefaultLanguage];
                var language = SurveyPages.ChooseLanguage(languages, parsed.Language, null);
                return SurveyHtml.Page(await pages.MessageAsync(language, instrument, languages, path, "thanksTitle", "thanksBody", nonce, accepted.Receipt.ReceiptId), nonce);
            case IntakeOutcome.Refused refused:
                var refusedLanguages = refused.Resolved.Instrument?.Languages ?? [LocalizedText.DefaultLanguage];
                var chosen = SurveyPages.ChooseLanguage(refusedLanguages, parsed.Language, null);
                return await SurveyHtml.RefusalAsync(pages, refused.Resolved, chosen, refusedLanguages, refused.Resolved.Link is null ? "/api/surveys/unknown" : path, nonce);
            default:
                var invalid = (IntakeOutcome.Invalid)outcome;
                var resolved = await intake.ResolveAsync(token, checkCompletion: false, cancellationToken);
                if (resolved.Instrument is not { } formInstrument)
                {
                    return ToApiResult(outcome);
                }

                var lang = SurveyPages.ChooseLanguage(formInstrument.Languages, parsed.Language, null);
                var messages = pages.ErrorMessages(lang, formInstrument, parsed, invalid.Errors);
                if (wantsJson)
                {
                    return Invalid(invalid.Errors, messages);
                }

                var state = new FormState(
                    parsed.SubmissionId ?? Guid.NewGuid().ToString(),
                    KeptAnswers(parsed, formInstrument),
                    parsed.OpenText?.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!) ?? [],
                    messages);
                var tokens = antiforgery.GetAndStoreTokens(http);
                var html = await pages.FormAsync(formInstrument, lang, path, path + "/responses", state, nonce, (tokens.FormFieldName, tokens.RequestToken!), preview: false, sharedLink: resolved.Link?.Kind == LinkKind.Shared, roleChoices: resolved.Link?.RoleChoices);
                return SurveyHtml.Page(html, nonce, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Maps an intake outcome to the JSON API's answer.</summary>
    public static IResult ToApiResult(IntakeOutcome outcome) => outcome switch
    {
        IntakeOutcome.Accepted accepted => TypedResults.Json(
            new { receiptId = accepted.Receipt.ReceiptId, submissionId = accepted.Receipt.SubmissionId, receivedOn = accepted.Receipt.ReceivedOn, repeated = accepted.Repeated },
            statusCode: StatusCodes.Status202Accepted),
        IntakeOutcome.Refused { Status: LinkStatus.Unknown } => Problems.Of(404, SurveyIntake.ReasonOf(LinkStatus.Unknown), "Unknown survey link", "This survey link is not valid. Check that the whole link was copied, or ask for a new one."),
        IntakeOutcome.Refused { Status: LinkStatus.Revoked } => Problems.Of(410, "revoked-link", "Survey link turned off", "This survey link was turned off by its coach; ask for a new one."),
        IntakeOutcome.Refused { Status: LinkStatus.NotYetOpen } r => Problems.Of(409, "round-not-open", "This survey is not open yet", $"This survey opens at {r.Resolved.Round?.OpensAt:u}."),
        IntakeOutcome.Refused { Status: LinkStatus.Closed } => Problems.Of(409, "round-closed", "This survey has closed", "The survey window has ended; answers can no longer be accepted."),
        IntakeOutcome.Refused { Status: LinkStatus.AlreadyUsed } => Problems.Of(409, "link-used", "This link has already been used", "Answers were already sent with this personal link."),
        IntakeOutcome.Refused { Status: LinkStatus.SubmissionIdTaken } => Problems.Of(409, SurveyIntake.ReasonOf(LinkStatus.SubmissionIdTaken), "Submission id already used", "Another submission was already stored with this submission id; send the answers with a new one."),
        IntakeOutcome.Refused { Status: LinkStatus.Full } => Problems.Of(409, SurveyIntake.ReasonOf(LinkStatus.Full), "This survey link is full", "This shared link has taken as many answers as its cap allows; nothing was stored. The coach can raise the cap or send a new link."),
        IntakeOutcome.Invalid { Errors: var errors } when errors.Any(e => e.Code == "wrong-school") => Problems.Of(403, "wrong-school", "Wrong school", errors.First(e => e.Code == "wrong-school").Message),
        IntakeOutcome.Invalid { Errors: var errors } => Invalid(errors),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };

    /// <summary>
    /// 400 <c>invalid-submission</c> with every error by field and its code; for the survey page, also the words to
    /// show the person (<c>messages</c>, in the form's language).
    /// </summary>
    private static IResult Invalid(IReadOnlyList<SubmissionError> errors, IDictionary<string, string>? messages = null)
    {
        var result = Problems.Of(
            StatusCodes.Status400BadRequest,
            "invalid-submission",
            "The submission has errors",
            string.Join(" ", errors.Select(e => e.Message)),
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        var problem = (Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult)result;
        problem.ProblemDetails.Extensions["errorCodes"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Code);
        if (messages is not null)
        {
            problem.ProblemDetails.Extensions["messages"] = messages;
        }

        return result;
    }

    /// <summary>
    /// 429 with Retry-After. A plain form post (no JavaScript) gets its form back instead, with the answers kept and the
    /// reason beside Send, so nothing typed is lost; everyone else gets the problem (the page's script keeps the answers).
    /// </summary>
    private static async Task<IResult> TooManyAsync(string token, HttpContext http, TimeSpan wait, SurveyIntake intake, SurveyPages pages, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        PipelineTelemetry.SubmissionsRejected.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Reason, "too-many-requests"));
        if (http.Request.HasFormContentType && !WantsJson(http)
            && (await intake.ResolveAsync(token, checkCompletion: false, cancellationToken)) is { Instrument: { } instrument, Link: { } link }
            && await ReadFormAsync(http, cancellationToken) is { } form)
        {
            var parsed = FromForm(form);
            var language = SurveyPages.ChooseLanguage(instrument.Languages, parsed.Language, null);
            var state = new FormState(
                parsed.SubmissionId ?? Guid.NewGuid().ToString(),
                KeptAnswers(parsed, instrument),
                parsed.OpenText?.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!) ?? [],
                new Dictionary<string, string>()) { StatusKey = "busy" };
            var path = $"/api/surveys/{token}";
            var nonce = SurveyPages.NewNonce();
            var tokens = antiforgery.GetAndStoreTokens(http);
            var html = await pages.FormAsync(instrument, language, path, path + "/responses", state, nonce, (tokens.FormFieldName, tokens.RequestToken!), preview: false, sharedLink: link.Kind == LinkKind.Shared);
            return SurveyHtml.Page(html, nonce, StatusCodes.Status429TooManyRequests);
        }

        return Problems.Of(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many submissions", $"Too many submissions came from this address through this link in a short time; nothing was stored. Send again in {seconds} seconds.");
    }

    /// <summary>
    /// The page's script posts the form itself and asks for JSON, so a lost connection leaves the person on the page
    /// with their answers; without JavaScript the browser posts it and gets a page back.
    /// </summary>
    private static bool WantsJson(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The posted form; null for a body that does not match its form content type (no boundary, a cut multipart body).</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException and not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // Bad input, not a storage outage to retry. (An over-size body stays a BadHttpRequestException, answered 413.)
            return null;
        }
    }

    private static IResult TooLarge() =>
        Rejected(Problems.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The submission is too large", $"A submission may be at most {MaxBodyBytes / 1024} KB."), "body-too-large");

    /// <summary>Counts a refusal the intake never saw (the body could not be read as a submission).</summary>
    private static IResult Rejected(IResult problem, string reason)
    {
        PipelineTelemetry.SubmissionsRejected.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Reason, reason));
        return problem;
    }

    private static SubmissionRequest FromForm(IFormCollection form)
    {
        static string? Value(IFormCollection form, string key) => form.TryGetValue(key, out var value) ? value.ToString() : null;
        return new SubmissionRequest(
            Value(form, "submissionId"),
            Value(form, "instrument"),
            int.TryParse(Value(form, "version"), out var version) ? version : null,
            Value(form, "language"),
            form.Where(f => f.Key.StartsWith("a:", StringComparison.Ordinal)).ToDictionary(f => f.Key[2..], f => (string?)Last(f.Value)),
            form.Where(f => f.Key.StartsWith("t:", StringComparison.Ordinal)).ToDictionary(f => f.Key[2..], f => (string?)Last(f.Value)))
        {
            Role = Value(form, "role"),
        };
    }

    private static string? Last(StringValues values) => values.Count == 0 ? null : values[^1];

    /// <summary>The answers to show again on the form: valid values, and "don't know" as its stored code.</summary>
    private static Dictionary<string, int> KeptAnswers(SubmissionRequest request, Instrument instrument) =>
        (request.Answers ?? new Dictionary<string, string?>())
            .Select(a => (a.Key, Item: instrument.FindItem(a.Key), a.Value))
            .Where(a => a.Item is { } item && ((a.Value == Item.DontKnowAnswer && item.DontKnow) || (int.TryParse(a.Value, out var v) && v >= item.Min && v <= item.Max)))
            .ToDictionary(a => a.Key, a => a.Value == Item.DontKnowAnswer ? Item.DontKnowCode : int.Parse(a.Value!, System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<IResult> ExpiredAsync(SurveyPages pages, SurveyIntake intake, string token, string? language, CancellationToken cancellationToken)
    {
        var nonce = SurveyPages.NewNonce();
        var instrument = (await intake.ResolveAsync(token, checkCompletion: false, cancellationToken)).Instrument;
        var languages = instrument?.Languages ?? [LocalizedText.DefaultLanguage];
        var lang = SurveyPages.ChooseLanguage(languages, language, null);
        return SurveyHtml.Page(await pages.MessageAsync(lang, instrument, languages, $"/api/surveys/{token}", "expiredTitle", "expiredBody", nonce), nonce, StatusCodes.Status400BadRequest);
    }
}

/// <summary>Reads the JSON body of a submission into a <see cref="SubmissionRequest"/>, with a clear message when it cannot.</summary>
public static class SubmissionJson
{
    private static readonly HashSet<string> Known = ["submissionId", "instrument", "version", "language", "school", "role", "answers", "openText"];

    public static (SubmissionRequest? Request, string? School, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "The body must be a JSON object.");
            }

            foreach (var property in root.EnumerateObject().Where(p => !Known.Contains(p.Name)))
            {
                return (null, null, $"Unexpected field '{new string([.. property.Name.Where(char.IsLetterOrDigit).Take(40)])}'. Known fields: {string.Join(", ", Known)}.");
            }

            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            int? version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) ? number : null;

            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (root.TryGetProperty("answers", out var answerObject) && answerObject.ValueKind != JsonValueKind.Null)
            {
                if (answerObject.ValueKind != JsonValueKind.Object)
                {
                    return (null, null, "'answers' must be an object of item id to a whole number (or \"dont-know\").");
                }

                foreach (var answer in answerObject.EnumerateObject())
                {
                    // "dont-know" is the one word an answer may be; any other string stays quoted, so it is refused as not a number.
                    answers[answer.Name] = answer.Value.ValueKind == JsonValueKind.Null ? null
                        : answer.Value.ValueKind == JsonValueKind.String && answer.Value.GetString() == Item.DontKnowAnswer ? Item.DontKnowAnswer
                        : answer.Value.GetRawText();
                }
            }

            var openText = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (root.TryGetProperty("openText", out var textObject) && textObject.ValueKind != JsonValueKind.Null)
            {
                if (textObject.ValueKind != JsonValueKind.Object || textObject.EnumerateObject().Any(t => t.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
                {
                    return (null, null, "'openText' must be an object of prompt id to text.");
                }

                foreach (var text in textObject.EnumerateObject())
                {
                    openText[text.Name] = text.Value.ValueKind == JsonValueKind.Null ? null : text.Value.GetString();
                }
            }

            return (new SubmissionRequest(Text("submissionId"), Text("instrument"), version, Text("language"), answers, openText) { Role = Text("role") }, Text("school"), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The reader checks escapes only when a string is read: "\ud800" (half a surrogate pair) in a name or a
            // value fails there, with an InvalidOperationException rather than a JsonException.
            return (null, null, $"The body is not valid JSON: {e.Message.Split(". ")[0]}.");
        }
    }
}
