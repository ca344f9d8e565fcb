using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// What every HTTP function gets around it, in both modes: HSTS when the app's public address is https; for coach
/// routes the coach key, the route-id rule and the coach's networks (<see cref="CoachAccess"/>), in that order and
/// before the function runs; for the dashboard's pages a live session, held to the same networks
/// (<see cref="DashboardGate"/>); and a problem answer (413, 503 with Retry-After, 500) for a function that throws.
/// </summary>
/// <remarks>
/// This lives in one class called by two thin adapters, not in ASP.NET Core middleware: under the Functions host the
/// worker runs its own ASP.NET Core pipeline (forwarded headers, routing, the request-services step, the function
/// endpoints) with no place for the app's middleware or endpoint filters, so only a worker middleware sees every HTTP
/// invocation there. <see cref="Worker.HttpGuardMiddleware"/> calls this under the host; the standalone endpoint adapter
/// (<see cref="Standalone.StandaloneEndpoints"/>) calls it without one. Everything else a page or a form needs (CSP and
/// other page headers, anti-forgery, body limits) is in the functions' own code and results, which both modes run as they are.
/// </remarks>
public sealed class HttpFunctionGuard(CoachKeyCheck coachKeys, PublicUrls urls, DashboardGate dashboard, ILogger<HttpFunctionGuard> logger)
{
    /// <summary>One year: browsers that once reached the app over https never try plain http for it again.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Runs <paramref name="function"/> unless the request is refused first; never throws for a failing function.</summary>
    public async Task<IResult> InvokeAsync(HttpContext http, Func<Task<IResult>> function)
    {
        // TLS ends in front of the app (the Functions front end), so the request itself may look like http: the public
        // address says whether people reach the app over https, and the request is taken as such (the anti-forgery
        // cookie is then Secure, see Registrations.AddPages).
        if (urls.BaseUrl.Scheme == Uri.UriSchemeHttps)
        {
            http.Request.Scheme = Uri.UriSchemeHttps;
            http.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        if (http.Request.Path.StartsWithSegments("/api/" + CoachApi.Routes.TrimEnd('/'), StringComparison.Ordinal)
            && (coachKeys.Refusal(http) ?? CoachApi.InvalidRouteId(http) ?? CoachAccess.ScopeRefusal(http, logger)) is { } refusal)
        {
            return refusal;
        }

        try
        {
            if (DashboardGate.Covers(http.Request) && await dashboard.RefusalAsync(http) is { } signIn)
            {
                return signIn;
            }

            return await function();
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            return Problems.ForException(e, http, logger);
        }
    }
}
