using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.DashboardSharedLink;

/// <summary>
/// HTTP POST <c>/api/dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/{change}</c>
/// (form; change = <c>cap</c> with field <c>cap</c>, empty for the default; <c>turn-off</c>; or <c>replace</c>): the
/// same shared-link actions as the coach API, recorded in the audit log under the session's key; back to the round
/// page, which says what happened.
/// </summary>
public sealed class DashboardSharedLink(DashboardPages pages, SharedLinkActions sharedLinks)
{
    [Function(nameof(DashboardSharedLink))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/{change}")] HttpRequest request,
        string networkId,
        string roundId,
        string schoolId,
        string instrumentId,
        string change,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var href = DashboardPages.Round(networkId, roundId);
        if (await pages.RefusedFormAsync(http, href) is { } expired)
        {
            return expired;
        }

        var round = new RoundKey(networkId, roundId);
        var actor = request.CoachKeyId();
        SharedLinkResult result;
        switch (change)
        {
            case "cap":
                var typed = (await request.ReadFormAsync(cancellationToken))["cap"].ToString().Trim();
                result = typed.Length == 0 ? await sharedLinks.SetCapAsync(round, schoolId, instrumentId, null, actor, cancellationToken)
                    : int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) ? await sharedLinks.SetCapAsync(round, schoolId, instrumentId, cap, actor, cancellationToken)
                    : new SharedLinkResult(SharedLinkOutcome.InvalidCap, null, "");
                break;
            case "turn-off":
                result = await sharedLinks.TurnOffAsync(round, schoolId, instrumentId, actor, cancellationToken);
                break;
            case "replace":
                result = await sharedLinks.ReplaceAsync(round, schoolId, instrumentId, actor, cancellationToken);
                break;
            default:
                return await pages.NotFoundAsync(http);
        }

        return DashboardPages.SeeOther(href + "?done=" + (result.Outcome == SharedLinkOutcome.Done ? "link-" + change : "link-" + RoundViews.Name(result.Outcome)) + "#shared-links-title");
    }
}
