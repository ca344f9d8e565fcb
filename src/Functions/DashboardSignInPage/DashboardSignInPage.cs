using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.DashboardSignInPage;

/// <summary>HTTP GET <c>/api/dashboard/sign-in</c>: the coach key form (a coach already signed in goes on to the networks).</summary>
public sealed class DashboardSignInPage(DashboardPages pages, CoachSessions sessions)
{
    [Function(nameof(DashboardSignInPage))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await sessions.FindAsync(request.Cookies[DashboardGate.SessionCookie], cancellationToken) is not null)
        {
            return DashboardPages.SeeOther(DashboardPages.Root);
        }

        return await Form(pages, request.HttpContext, request.Query["ended"].ToString() switch
        {
            "signed-out" => "signedOut",
            "expired" => "sessionEnded",
            _ => null,
        }, error: null, StatusCodes.Status200OK);
    }

    /// <summary>The sign-in form, with a notice above it or an error beside the key field.</summary>
    public static Task<IResult> Form(DashboardPages pages, HttpContext http, string? noticeKey, string? error, int status)
    {
        var language = pages.Language(http);
        var ui = pages.Words(language);
        var key = new FormField("coachKey", ui["coachKey"], Error: error, Hint: ui["coachKeyHint"], Kind: "password") { Autocomplete = "current-password", Required = true };
        return pages.PageAsync(http, "sign-in", ui["signInTitle"], new { Key = key, Notice = noticeKey is null ? null : ui[noticeKey] }, status);
    }
}
