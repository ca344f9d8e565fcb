using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>Opening or closing a round from the dashboard: a confirmation page first (GET), then the change (POST) through <see cref="RoundLifecycle"/>.</summary>
public sealed class RoundChange(DashboardPages pages, RoundStore rounds, NetworkStore networks, RoundLifecycle lifecycle)
{
    /// <summary>The page that asks "open (or close) this round now?", with what will happen.</summary>
    public async Task<IResult> ConfirmAsync(HttpContext http, string networkId, string roundId, bool open, CancellationToken cancellationToken)
    {
        var round = (await rounds.GetAsync(networkId, roundId, cancellationToken))?.Round;
        var network = await networks.GetNetworkAsync(networkId, cancellationToken);
        if (round is null || network is null)
        {
            return await pages.NotFoundAsync(http);
        }

        var language = pages.Language(http);
        var ui = pages.Words(language);
        var schools = round.SchoolIds.Count > 0 ? round.SchoolIds.Count : (await networks.ListSchoolsAsync(networkId, cancellationToken)).Count;
        var verb = open ? "open" : "close";
        var href = DashboardPages.Round(networkId, roundId);
        return await pages.PageAsync(http, "confirm", pages.Text(language, $"confirm.{verb}.title", ("round", round.Name)), new
        {
            NetworkName = network.Name,
            NetworkHref = DashboardPages.Network(networkId),
            RoundName = round.Name,
            RoundHref = href,
            Heading = pages.Text(language, $"confirm.{verb}.title", ("round", round.Name)),
            Body = pages.Text(language, $"confirm.{verb}.body", ("schools", schools)),
            Action = $"{href}/{verb}",
            Button = ui[$"confirm.{verb}.button"],
        });
    }

    /// <summary>Makes the change and returns to the round's page, which says what happened (or why it could not).</summary>
    public async Task<IResult> ApplyAsync(HttpContext http, string networkId, string roundId, bool open, string actor, CancellationToken cancellationToken)
    {
        var href = DashboardPages.Round(networkId, roundId);
        if (await pages.RefusedFormAsync(http, href) is { } expired)
        {
            return expired;
        }

        var result = open
            ? await lifecycle.OpenAsync(networkId, roundId, actor, cancellationToken)
            : await lifecycle.CloseAsync(networkId, roundId, actor, cancellationToken);
        return result.Outcome switch
        {
            TransitionOutcome.Done => DashboardPages.SeeOther(href + (open ? "?done=opened" : "?done=closed")),
            TransitionOutcome.NotFound => await pages.NotFoundAsync(http),
            _ => await pages.MessageAsync(http, "changeRefusedTitle", open ? "changeRefused.open" : "changeRefused.close", StatusCodes.Status409Conflict, href, "backToRound"),
        };
    }
}
