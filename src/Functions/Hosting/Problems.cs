using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>RFC 7807 problem responses with a stable machine-readable <c>code</c>.</summary>
public static class Problems
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

    /// <summary>
    /// Answers 503 with Retry-After when storage cannot be reached, so callers retry; anything else unexpected is a
    /// 500 problem without a stack trace.
    /// </summary>
    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Problems");
            IResult result;
            if (error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                result = Of(413, "body-too-large", "The request is too large", "The request body is over the size limit of this endpoint.");
            }
            else if (error is BadHttpRequestException bad)
            {
                result = Of(bad.StatusCode, "bad-request", "The request could not be read", bad.Message);
            }
            else if (IsStorageOutage(error))
            {
                logger.LogWarning("Storage unavailable for {Path}: {Error}", context.Request.Path, error?.Message);
                context.Response.Headers.RetryAfter = "5";
                result = Of(503, "storage-unavailable", "Temporarily unavailable", "Your answers were not saved yet. Please try again in a few seconds.");
            }
            else
            {
                logger.LogError(error, "Unhandled error for {Path}", context.Request.Path);
                result = Of(500, "internal-error", "Something went wrong", "The request failed. Please try again; if it keeps failing, contact your coach.");
            }

            await result.ExecuteAsync(context);
        }));
    }

    /// <summary>
    /// Errors the framework answers before any handler runs, with no body (no such route, a method the route does not
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
}
