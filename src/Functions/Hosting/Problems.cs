using Azure;
using Microsoft.AspNetCore.WebUtilities;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>RFC 7807 problem responses with a stable machine-readable <c>code</c>.</summary>
public static partial class Problems
{
    public static IResult Of(int status, string code, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, statusCode: status, title: title, type: $"urn:readiness-pipeline:problem:{code}", extensions: extensions);
    }

    /// <summary>400 for a query value of the wrong form (<c>?dryRun=maybe</c>), as a minimal API's binding answers it.</summary>
    public static IResult BadQuery(string name) =>
        Of(StatusCodes.Status400BadRequest, "bad-request", "The request could not be read", $"The query value '{name}' is not in the form this endpoint expects.");

    /// <summary>
    /// The answer to a function that threw: 413 for a body over its limit, 503 with Retry-After when storage cannot be
    /// reached (so callers retry), and a 500 problem without a stack trace for anything else unexpected.
    /// </summary>
    public static IResult ForException(Exception error, HttpContext http, ILogger logger)
    {
        if (error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return Of(413, "body-too-large", "The request is too large", "The request body is over the size limit of this endpoint.");
        }

        if (error is BadHttpRequestException bad)
        {
            return Of(bad.StatusCode, "bad-request", "The request could not be read", bad.Message);
        }

        if (IsStorageOutage(error))
        {
            Log.StorageUnavailable(logger, Observability.Redact(http.Request.Path.Value), error.Message);
            http.Response.Headers.RetryAfter = "5";
            return Of(503, "storage-unavailable", "Temporarily unavailable", "Your answers were not saved yet. Please try again in a few seconds.");
        }

        Log.Unhandled(logger, error, Observability.Redact(http.Request.Path.Value));
        return Of(500, "internal-error", "Something went wrong", "The request failed. Please try again; if it keeps failing, contact your coach.");
    }

    /// <summary>
    /// Standalone only (under the Functions host an unknown route never reaches the worker; the host answers it).
    /// Errors the framework answers before any function runs, with no body (no such route, a method the route does not
    /// take, a query value of the wrong type such as <c>?dryRun=maybe</c>), get a problem with a code too, whatever the
    /// client said it accepts.
    /// </summary>
    public static void UseProblemStatusCodes(this WebApplication app) =>
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var result = status switch
            {
                StatusCodes.Status400BadRequest => Of(status, "bad-request", "The request could not be read", "A value in the address or query is not in the form this endpoint expects."),
                StatusCodes.Status404NotFound => Of(status, "not-found", "Not found", "Nothing is served at this address."),
                StatusCodes.Status405MethodNotAllowed => Of(status, "method-not-allowed", "Method not allowed", $"This address does not take {context.HttpContext.Request.Method} requests."),
                _ => Of(status, $"http-{status}", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Request refused", "The request was refused."),
            };
            return result.ExecuteAsync(context.HttpContext);
        });

    /// <summary>Transport failures, timeouts and 5xx from Azure Storage: transient, so the caller should retry.</summary>
    public static bool IsStorageOutage(Exception? error) => error switch
    {
        RequestFailedException e => e.Status is 0 or 408 or >= 500,
        AggregateException e => e.InnerExceptions.All(IsStorageOutage),
        HttpRequestException or TimeoutException or IOException => true,
        TaskCanceledException e => e.InnerException is TimeoutException,
        _ => false,
    };

    private static partial class Log
    {
        // The path is always redacted first: survey and report links carry their token in it.
        [LoggerMessage(LogLevel.Warning, "Storage unavailable for {Path}: {Error}")]
        public static partial void StorageUnavailable(ILogger logger, string path, string error);

        [LoggerMessage(LogLevel.Error, "Unhandled error for {Path}")]
        public static partial void Unhandled(ILogger logger, Exception error, string path);
    }
}
