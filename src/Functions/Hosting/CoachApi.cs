using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Shared pieces of the coach functions: their route prefix and id rule, JSON shapes, CSV uploads.</summary>
public static class CoachApi
{
    /// <summary>Largest CSV upload (a statewide roster of 100,000 rows fits).</summary>
    public const int MaxCsvBytes = 10 * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every coach function's route starts here (under the host's <c>api</c> prefix); the coach key guards all of them.</summary>
    public const string Routes = "coach/";

    /// <summary>
    /// After the key check, before any coach function: every id in the route (networkId, roundId, schoolId) must follow
    /// <see cref="Ids"/>, so a path-like or odd id is a 400 and never becomes a storage key or blob path.
    /// </summary>
    public static IResult? InvalidRouteId(HttpContext http)
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && !Ids.IsValid(value as string))
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "invalid-id", "The id in the address is not valid", $"The {name} in the address must be {Ids.Rule}.");
            }
        }

        return null;
    }

    /// <summary>The id of the coach key that authorised this request (for the audit log).</summary>
    public static string CoachKeyId(this HttpRequest request) =>
        (request.HttpContext.SignedInCoach() ?? throw new InvalidOperationException("A coach function ran without a signed-in coach.")).Id;

    /// <summary>Reads a JSON body into <typeparamref name="T"/>, or a 400 problem saying what is wrong with it.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", "Send this request as application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, cancellationToken);
            return value is null ? (null, Problems.Of(400, "malformed-json", "The body is empty", "Send a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Of(400, "malformed-json", "The body is not valid", e.Message.Split(" Path:")[0]));
        }
    }

    /// <summary>Reads a CSV upload (at most <see cref="MaxCsvBytes"/>) as text.</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadCsvAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxCsvBytes)
        {
            return (null, TooLarge());
        }

        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = MaxCsvBytes;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Length > MaxCsvBytes ? (null, TooLarge()) : (text, null);
    }

    /// <summary>
    /// The steps every CSV import shares: the upload is read (size-limited), then <see cref="NetworkAdmin.ImportAsync"/>
    /// checks the network and the file; a file with any bad line is refused whole with every problem.
    /// </summary>
    public static async Task<IResult> ImportCsvAsync(NetworkAdmin admin, string networkId, ImportKind kind, HttpRequest request, CancellationToken cancellationToken)
    {
        var (text, problem) = await ReadCsvAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await admin.ImportAsync(networkId, kind, text!, request.CoachKeyId(), cancellationToken) switch
        {
            ImportOutcome.UnknownNetwork => NetworkNotFound(networkId),
            ImportOutcome.Refused refused => InvalidImport(refused.Errors),
            ImportOutcome.Imported imported => TypedResults.Ok(imported.View),
            var other => throw new InvalidOperationException($"Unexpected import outcome {other}"),
        };
    }

    /// <summary>400 with every refused line of an import.</summary>
    public static IResult InvalidImport(IReadOnlyList<ImportError> errors) =>
        TypedResults.Problem(
            $"The file was not imported: {errors.Count} problem(s), first: {errors[0]}.",
            statusCode: 400,
            title: "The file has errors; nothing was imported",
            type: "urn:readiness-pipeline:problem:invalid-csv",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "invalid-csv",
                ["errors"] = errors.Select(e => new ImportErrorView(e.Line, e.Column, e.Message)).ToList(),
            });

    public static IResult NetworkNotFound(string networkId) =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-network", "Unknown network", $"Network '{networkId}' does not exist; create it first.");

    public static IResult RoundNotFound(string networkId, string roundId) =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-round", "Unknown round", $"Round '{roundId}' does not exist in network '{networkId}'.");

    /// <summary>A shared-link action's answer: 200 (or <paramref name="done"/>) with the link, or the problem that refused it.</summary>
    public static IResult SharedLinkAnswer(SharedLinkResult result, int done = StatusCodes.Status200OK) => result.Outcome switch
    {
        SharedLinkOutcome.Done => TypedResults.Json(new SharedLinkChangeView(result.Message, result.Link is null ? null : RoundViews.View(result.Link)), statusCode: done),
        SharedLinkOutcome.NotFound => Problems.Of(StatusCodes.Status404NotFound, "unknown-shared-link", "No such shared link", result.Message),
        SharedLinkOutcome.NotSent => Problems.Of(StatusCodes.Status409Conflict, "shared-link-not-sent", "No shared link sent yet", result.Message),
        SharedLinkOutcome.RoundNotOpen => Problems.Of(StatusCodes.Status409Conflict, "round-not-open", "The round is not taking answers", result.Message),
        _ => Problems.Of(StatusCodes.Status400BadRequest, "invalid-cap", "The cap is not valid", result.Message),
    };

    public static IResult Transition(TransitionResult result, string networkId, string roundId) => result.Outcome switch
    {
        TransitionOutcome.Done => TypedResults.Ok(new RoundChangeView(result.Message, RoundViews.View(result.Round!))),
        TransitionOutcome.NotFound => RoundNotFound(networkId, roundId),
        _ => Problems.Of(StatusCodes.Status409Conflict, "invalid-transition", "That change is not possible now", result.Message),
    };

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The file is too large", $"An upload may be at most {MaxCsvBytes / 1024 / 1024} MB.");
}
