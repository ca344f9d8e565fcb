using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Where the app is reachable from the outside, for links in emails.</summary>
public sealed record PublicUrls(Uri BaseUrl)
{
    public string Survey(string token) => new Uri(BaseUrl, $"api/surveys/{token}").ToString();

    public string Preview(string instrumentId) => new Uri(BaseUrl, $"api/preview/{instrumentId}").ToString();

    public string Report(string token) => new Uri(BaseUrl, $"api/reports/{token}").ToString();
}

/// <summary>How one claimed send went.</summary>
internal enum SendResult
{
    Done,
    Failed,

    /// <summary>Another worker holds the claim (or held it when it died): try again after the claim times out.</summary>
    Deferred,
}

/// <summary>
/// Sends a round's invitations and reminders for one school. Every email goes through the delivery ledger (claim,
/// send, mark sent), so a retried queue message skips what was already sent. Each personal email carries a freshly
/// minted link for its person; a link whose email failed is revoked at once.
/// </summary>
public sealed partial class RoundMailer(
    Catalog catalog,
    NetworkStore networks,
    RoundStore rounds,
    LinkStore links,
    CompletionStore completions,
    DeliveryStore deliveries,
    WorkQueue queue,
    IEmailSender email,
    EmailAddress sender,
    TemplateLibrary templates,
    UiText ui,
    PublicUrls urls,
    TimeProvider clock,
    ILogger<RoundMailer> logger,
    Profiles.PrivacyFloors floors)
{
    /// <summary>The school's staff role groups that may be stored with answers, from its roster (see <see cref="RoleGroups"/>).</summary>
    private IReadOnlyDictionary<RosterRole, string?> RoleGroupsOf(IEnumerable<RosterPerson> roster) =>
        RoleGroups.For(roster.Where(p => p.Role != RosterRole.Student).GroupBy(p => p.Role).ToDictionary(g => g.Key, g => g.Count()), floors.School);

    public async Task SendInvitationsAsync(SendInvitationsMessage message, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(message.NetworkId, message.RoundId, message.SchoolId, cancellationToken);
        if (context is null)
        {
            return;
        }

        var (round, school, roster, optOuts) = context.Value;
        var results = new List<SendResult>();
        var shared = new List<(RoundInstrument Asked, Instrument Instrument)>();
        foreach (var (asked, instrument) in Audiences.InstrumentsFor(round, school, catalog))
        {
            if (asked.Mode == ResponseMode.Anonymous)
            {
                shared.Add((asked, instrument));
                continue;
            }

            var roles = RoleGroupsOf(roster);
            foreach (var person in Audiences.PeopleFor(instrument, roster, optOuts))
            {
                results.Add(await SendPersonalAsync(round, school, instrument, person, roles, $"invite|{school.Id}|{instrument.Id}|{person.RosterKey}", reminder: false, cancellationToken));
            }
        }

        if (shared.Count > 0)
        {
            results.Add(await SendDesignTeamAsync(round, school, shared, RoleGroupsOf(roster).Values.OfType<string>().Distinct().OrderBy(RoleGroups.Order).ToList(), cancellationToken));
        }

        await FinishAsync(results, "invitations", school.Id, StorageNames.InvitationQueue, message, cancellationToken);
    }

    /// <summary>Reminds people who were invited and have not answered; nothing once the round stops taking answers.</summary>
    public async Task SendRemindersAsync(SendRemindersMessage message, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(message.NetworkId, message.RoundId, message.SchoolId, cancellationToken);
        if (context is null)
        {
            return;
        }

        var (round, school, roster, optOuts) = context.Value;
        var completed = await completions.ListAsync(round.Id, cancellationToken);
        var invited = (await deliveries.ListAsync(round.Id, $"invite|{school.Id}|", cancellationToken))
            .Where(d => d.Status == "Sent")
            .Select(d => d.Key)
            .ToHashSet(StringComparer.Ordinal);
        var results = new List<SendResult>();
        foreach (var (asked, instrument) in Audiences.InstrumentsFor(round, school, catalog).Where(p => p.Asked.Mode == ResponseMode.Confidential))
        {
            foreach (var person in Audiences.PeopleFor(instrument, roster, optOuts))
            {
                if (!invited.Contains($"invite|{school.Id}|{instrument.Id}|{person.RosterKey}")
                    || completed.Contains(CompletionStore.RowKey(school.Id, instrument.Id, person.RosterKey)))
                {
                    continue;
                }

                var key = $"remind{message.Reminder}|{school.Id}|{instrument.Id}|{person.RosterKey}";
                results.Add(await SendPersonalAsync(round, school, instrument, person, RoleGroupsOf(roster), key, reminder: true, cancellationToken));
            }
        }

        await FinishAsync(results, "reminders", school.Id, StorageNames.ReminderQueue, message, cancellationToken);
    }

    private async Task<(Round Round, School School, List<RosterPerson> Roster, HashSet<(string, string)> OptOuts)?> LoadAsync(
        string networkId, string roundId, string schoolId, CancellationToken cancellationToken)
    {
        var round = (await rounds.GetAsync(networkId, roundId, cancellationToken))?.Round;
        if (round is null || !round.AcceptsResponsesAt(clock.GetUtcNow()))
        {
            LogSkipped(logger, roundId, schoolId, round?.State.ToString() ?? "missing");
            return null;
        }

        var school = (await networks.ListSchoolsAsync(networkId, cancellationToken)).FirstOrDefault(s => s.Id == schoolId);
        if (school is null)
        {
            LogSkipped(logger, roundId, schoolId, "school missing");
            return null;
        }

        return (round, school, await networks.ListRosterAsync(networkId, schoolId, cancellationToken), await networks.ListOptOutsAsync(networkId, cancellationToken));
    }

    /// <summary>Claims, mints a link, sends, records.</summary>
    private async Task<SendResult> SendPersonalAsync(Round round, School school, Instrument instrument, RosterPerson person, IReadOnlyDictionary<RosterRole, string?> roles, string key, bool reminder, CancellationToken cancellationToken)
    {
        var (claim, etag) = await deliveries.ClaimAsync(round.Id, key, cancellationToken);
        if (claim != DeliveryClaim.Claimed)
        {
            return claim == DeliveryClaim.AlreadySent ? SendResult.Done : SendResult.Deferred;
        }

        // Only the role group goes on the link (and so with the answers), never the person's own role when it is small.
        var role = instrument.Audience == Audience.Staff ? roles.GetValueOrDefault(person.Role) : null;
        var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Personal, round.NetworkId, round.Id, school.Id, instrument.Id, instrument.Version, person.RosterKey, false) { Role = role }, cancellationToken);
        var model = new
        {
            SchoolName = school.Name,
            RoundName = round.Name,
            SurveyTitle = instrument.Title.In(LocalizedText.DefaultLanguage),
            Link = urls.Survey(token),
            Closes = ui.FormatDate(LocalizedText.DefaultLanguage, round.ClosesAt),
            Minutes = instrument.Audience == Audience.Staff ? 15 : 10,
            IsStudent = instrument.Audience == Audience.Student,
            Reminder = reminder,
        };
        var (subject, text, html) = await templates.RenderEmailAsync("email/personal-invitation", model);
        var tags = Tags(round, school, reminder ? "reminder" : "invitation", key);
        return await SendRecordedAsync(round, key, etag, new EmailMessage(sender, [new EmailAddress(person.Email)], subject, html, text, [], tags), LinkStore.Hash(token), cancellationToken);
    }

    private async Task<SendResult> SendDesignTeamAsync(Round round, School school, List<(RoundInstrument Asked, Instrument Instrument)> shared, IReadOnlyList<string> roleChoices, CancellationToken cancellationToken)
    {
        var key = $"design-team|{school.Id}";
        var (claim, etag) = await deliveries.ClaimAsync(round.Id, key, cancellationToken);
        if (claim != DeliveryClaim.Claimed)
        {
            return claim == DeliveryClaim.AlreadySent ? SendResult.Done : SendResult.Deferred;
        }

        var linkRows = new List<object>();
        var hashes = new List<string>();
        foreach (var (_, instrument) in shared)
        {
            var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Shared, round.NetworkId, round.Id, school.Id, instrument.Id, instrument.Version, null, false)
            {
                RoleChoices = instrument.Audience == Audience.Staff ? roleChoices : [],
            }, cancellationToken);
            hashes.Add(LinkStore.Hash(token));
            linkRows.Add(new
            {
                Title = instrument.Title.In(LocalizedText.DefaultLanguage),
                Audience = instrument.Audience.ToString(),
                GradeBand = instrument.GradeBand,
                Url = urls.Survey(token),
                PreviewUrl = instrument.Audience == Audience.Student ? urls.Preview(instrument.Id) : null,
            });
        }

        var model = new { SchoolName = school.Name, RoundName = round.Name, Closes = ui.FormatDate(LocalizedText.DefaultLanguage, round.ClosesAt), Links = linkRows };
        var (subject, text, html) = await templates.RenderEmailAsync("email/design-team-links", model);
        var to = school.DesignTeamEmails.Select(a => new EmailAddress(a)).ToList();
        return await SendRecordedAsync(round, key, etag, new EmailMessage(sender, to, subject, html, text, [], Tags(round, school, "design-team-links", key)), string.Join(';', hashes), cancellationToken);
    }

    private async Task<SendResult> SendRecordedAsync(Round round, string key, Azure.ETag claim, EmailMessage message, string tokenHashes, CancellationToken cancellationToken)
    {
        try
        {
            await email.SendAsync(message, cancellationToken);
        }
        catch (EmailSendException e)
        {
            LogSendFailed(logger, round.Id, message.Tags["kind"], e.Transient);
            await deliveries.MarkFailedAsync(round.Id, key, claim, e.Message, cancellationToken);
            foreach (var hash in tokenHashes.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                await links.RevokeAsync(hash, cancellationToken);
            }

            return SendResult.Failed;
        }

        await deliveries.MarkSentAsync(round.Id, key, claim, tokenHashes, cancellationToken);
        return SendResult.Done;
    }

    private static Dictionary<string, string> Tags(Round round, School school, string kind, string key) =>
        new() { ["round"] = round.Id, ["school"] = school.Id, ["kind"] = kind, [OutboxEmailSender.DeliveryTag] = DeliveryStore.Tag(round.Id, key) };

    /// <summary>
    /// Failures fail the invocation, so the queue retries soon (sent emails are skipped then); the round clock also
    /// queues failed ones again later. Sends another worker claimed are checked again once that claim can time out.
    /// </summary>
    private async Task FinishAsync<T>(List<SendResult> results, string what, string schoolId, string queueName, T message, CancellationToken cancellationToken)
        where T : class
    {
        var failures = results.Count(r => r == SendResult.Failed);
        if (failures > 0)
        {
            throw new EmailSendException($"{failures} {what} for school {schoolId} were not accepted; they will be retried.", transient: true);
        }

        if (results.Contains(SendResult.Deferred))
        {
            await queue.SendAsync(queueName, message, cancellationToken, deliveries.StaleClaim + TimeSpan.FromSeconds(5));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId}, school {SchoolId}: nothing sent ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string roundId, string schoolId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: a {Kind} email was not accepted (transient: {Transient})")]
    private static partial void LogSendFailed(ILogger logger, string roundId, string kind, bool transient);
}
