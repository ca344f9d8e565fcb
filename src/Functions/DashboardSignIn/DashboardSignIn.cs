using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.DashboardSignIn;

/// <summary>
/// HTTP POST <c>/api/dashboard/sign-in</c> (form field <c>coachKey</c>): exchanges a coach key for a short-lived session
/// cookie. The key travels only in this form's body; it is never put in an address, a cookie or a log.
/// </summary>
public sealed partial class DashboardSignIn(DashboardPages pages, CoachSessions sessions, CoachKeyCheck keys, ILogger<DashboardSignIn> logger)
{
    [Function(nameof(DashboardSignIn))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (await pages.RefusedFormAsync(http, DashboardGate.SignInPath) is { } expired)
        {
            return expired;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var presented = form["coachKey"].ToString().Trim();
        var ui = pages.Words(pages.Language(http));
        var key = presented.Length == 0 ? null : keys.Match(presented);
        if (key is null)
        {
            return await DashboardSignInPage.DashboardSignInPage.Form(pages, http, null, ui[presented.Length == 0 ? "coachKeyMissing" : "coachKeyWrong"], StatusCodes.Status401Unauthorized);
        }

        var token = await sessions.StartAsync(key, cancellationToken);
        DashboardGate.SetCookie(http, token);
        SignedIn(logger, key.Id);
        return DashboardPages.SeeOther(DashboardPages.Root);
    }

    [LoggerMessage(LogLevel.Information, "Dashboard session started for coach key {KeyId}")]
    private static partial void SignedIn(ILogger logger, string keyId);
}
