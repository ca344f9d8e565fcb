using System.Security.Claims;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>
/// The dashboard's part of <see cref="HttpFunctionGuard"/>: every dashboard address but the sign-in page needs a live
/// session (its cookie), whose coach key is still configured; without one the browser is sent to sign in. A live
/// session signs its coach in as the coach key check does (<see cref="CoachAccess"/>: the audit log's actor and the
/// scope rule), is refused a page under a network outside its key's networks (403, as the coach API answers), and
/// becomes the request's user, so the forms' anti-forgery tokens are bound to it. Ids in the address follow the coach
/// routes' id rule.
/// </summary>
public sealed class DashboardGate(CoachSessions sessions, CoachKeyCheck keys, DashboardPages pages, ILogger<DashboardGate> logger)
{
    public const string SessionCookie = "rp-coach";
    public const string SessionItem = "CoachSession";
    public const string SignInPath = DashboardPages.Root + "/sign-in";

    public static bool Covers(HttpRequest request) => request.Path.StartsWithSegments(DashboardPages.Root, StringComparison.Ordinal);

    /// <summary>Null when the request may go on (its session, if any, then in <see cref="SessionItem"/>); otherwise the answer to give instead.</summary>
    public async Task<IResult?> RefusalAsync(HttpContext http)
    {
        if (http.Request.Path.Equals(SignInPath, StringComparison.Ordinal))
        {
            return null;
        }

        var token = http.Request.Cookies[SessionCookie];
        var session = await sessions.FindAsync(token, http.RequestAborted);
        var key = session is null ? null : keys.StillConfigured(session.KeyId, session.KeyHash);
        if (session is null || key is null)
        {
            if (session is not null)
            {
                await sessions.EndAsync(session.Id, http.RequestAborted);
            }

            ForgetCookie(http);
            return DashboardPages.SeeOther(SignInPath + (token is null ? "" : "?ended=expired"));
        }

        if (CoachApi.InvalidRouteId(http) is not null)
        {
            return await pages.NotFoundAsync(http);
        }

        // The key's configuration now, not at sign-in: a key whose networks were narrowed is narrowed here too. The
        // session signs its coach in as a coach key does, and the coach API's own scope rule holds it to its networks.
        http.SignIn(key.Identity);
        http.Items[SessionItem] = session with { Networks = key.Networks };
        if (http.Request.RouteValues.ContainsKey(CoachAccess.NetworkRouteValue) && CoachAccess.ScopeRefusal(http, logger) is not null)
        {
            return await pages.MessageAsync(http, "forbiddenTitle", "forbiddenBody", StatusCodes.Status403Forbidden);
        }

        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", session.Id)], "coach-session"));
        return null;
    }

    /// <summary>
    /// Sets the session cookie: HttpOnly, SameSite=Strict, sent to the dashboard only, gone when the browser closes, and
    /// Secure on https (an https public address makes every request https, see <see cref="HttpFunctionGuard"/>).
    /// </summary>
    public static void SetCookie(HttpContext http, string token) =>
        http.Response.Cookies.Append(SessionCookie, token, new CookieOptions { Path = DashboardPages.Root, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, IsEssential = true });

    public static void ForgetCookie(HttpContext http) =>
        http.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = DashboardPages.Root, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps });
}
