using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Where the app is reachable from the outside, for links in emails.</summary>
public sealed record PublicUrls(Uri BaseUrl)
{
    public string Survey(string token) => new Uri(BaseUrl, $"api/surveys/{token}").ToString();

    /// <summary>The family preview of the instrument version a round asks, not whatever version is newest.</summary>
    public string Preview(string instrumentId, int version) => new Uri(BaseUrl, $"api/preview/{instrumentId}?version={version.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToString();

    public string Report(string token) => new Uri(BaseUrl, $"api/reports/{token}").ToString();
}

/// <summary>
/// Sends a round's invitations and reminders for one school, and the design team's shared links (the first ones, and
/// each link a coach replaced since). Every email goes through the delivery ledger (claim, send, mark sent), so a
/// retried queue message skips what was already sent. Each email carries freshly minted links, minted only once the
/// send is claimed; a link whose email failed is revoked at once.
/// </summary>
public sealed partial class RoundMailer(
    Catalog catalog,
    NetworkStore networks,
    RoundStore rounds,
    LinkStore links,
    SharedLinkStore sharedLinks,
    SharedLinkCapRule capRule,
    CompletionStore completions,
    EmailLedger ledger,
    WorkQueue queue,
    EmailAddress sender,
    TemplateLibrary templates,
    UiText ui,
    PublicUrls urls,
    TimeProvider clock,
    ILogger<RoundMailer> logger,
    PrivacyFloors floors)
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
        var results = new List<SendOutcome>();
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
                results.Add(await SendPersonalAsync(round, school, instrument, person, roles, new InvitationKey(school.Id, instrument.Id, person.RosterKey), cancellationToken));
            }
        }

        if (shared.Count > 0)
        {
            var roleChoices = RoleGroupsOf(roster).Values.OfType<string>().Distinct().OrderBy(RoleGroups.Order).ToList();
            results.Add(await SendDesignTeamAsync(round, school, shared, roleChoices, cancellationToken));
            results.AddRange(await SendReplacementsAsync(round, school, shared, roleChoices, cancellationToken));
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
        var completed = await completions.ListSchoolAsync(round.Key, school.Id, cancellationToken);
        var invited = (await ledger.ListInvitationsAsync(round.Key, school.Id, cancellationToken))
            .Where(d => d.Status == DeliveryStatus.Sent)
            .Select(d => d.Key)
            .ToHashSet();
        var results = new List<SendOutcome>();
        foreach (var (asked, instrument) in Audiences.InstrumentsFor(round, school, catalog).Where(p => p.Asked.Mode == ResponseMode.Confidential))
        {
            foreach (var person in Audiences.PeopleFor(instrument, roster, optOuts))
            {
                if (!invited.Contains(new InvitationKey(school.Id, instrument.Id, person.RosterKey))
                    || completed.Contains(new Completion(school.Id, instrument.Id, person.RosterKey)))
                {
                    continue;
                }

                var key = new ReminderKey(message.Reminder, school.Id, instrument.Id, person.RosterKey);
                results.Add(await SendPersonalAsync(round, school, instrument, person, RoleGroupsOf(roster), key, cancellationToken));
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

    /// <summary>Mints a personal link and sends it, through the ledger.</summary>
    private Task<SendOutcome> SendPersonalAsync(Round round, School school, Instrument instrument, RosterPerson person, IReadOnlyDictionary<RosterRole, string?> roles, DeliveryKey key, CancellationToken cancellationToken) =>
        ledger.SendOnceAsync(round.Key, key, async ct =>
        {
            // Only the role group goes on the link (and so with the answers), never the person's own role when it is small.
            var role = instrument.Audience == Audience.Staff ? roles.GetValueOrDefault(person.Role) : null;
            var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Personal, round.NetworkId, round.Id, school.Id, instrument.Id, instrument.Version, person.RosterKey, false) { Role = role }, ct);
            var model = new
            {
                SchoolName = school.Name,
                RoundName = round.Name,
                SurveyTitle = instrument.Title.In(LocalizedText.DefaultLanguage),
                Link = urls.Survey(token),
                Closes = ui.FormatDate(LocalizedText.DefaultLanguage, round.ClosesAt),
                Minutes = instrument.Audience == Audience.Staff ? 15 : 10,
                IsStudent = instrument.Audience == Audience.Student,
                Reminder = key is ReminderKey,
            };
            var (subject, text, html) = await templates.RenderEmailAsync("email/personal-invitation", model);
            return Revocable(new EmailMessage(sender, [new EmailAddress(person.Email)], subject, html, text, [], EmptyTags), [LinkStore.Hash(token)]);
        }, cancellationToken);

    private Task<SendOutcome> SendDesignTeamAsync(Round round, School school, List<(RoundInstrument Asked, Instrument Instrument)> shared, IReadOnlyList<string> roleChoices, CancellationToken cancellationToken) =>
        ledger.SendOnceAsync(round.Key, new DesignTeamKey(school.Id), async ct =>
        {
            var linkRows = new List<object>();
            var hashes = new List<string>();
            foreach (var (_, instrument) in shared)
            {
                var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Shared, round.NetworkId, round.Id, school.Id, instrument.Id, instrument.Version, null, false)
                {
                    RoleChoices = instrument.Audience == Audience.Staff ? roleChoices : [],
                }, ct);
                hashes.Add(LinkStore.Hash(token));
                await sharedLinks.RecordLinkAsync(round.Key, school.Id, instrument.Id, LinkStore.Hash(token), capRule.For(instrument.Audience, school.ExpectedStudents), ct);
                linkRows.Add(LinkRow(instrument, token));
            }

            return await DesignTeamEmailAsync(round, school, linkRows, replacement: false, hashes);
        }, cancellationToken);

    /// <summary>
    /// The newest replacement of each of the school's shared links that a coach replaced (and did not turn off since):
    /// each replacement is an email of its own in the ledger, so one already sent is skipped.
    /// </summary>
    private async Task<List<SendOutcome>> SendReplacementsAsync(Round round, School school, List<(RoundInstrument Asked, Instrument Instrument)> shared, IReadOnlyList<string> roleChoices, CancellationToken cancellationToken)
    {
        var results = new List<SendOutcome>();
        var replaced = (await sharedLinks.ListSchoolAsync(round.Key, school.Id, cancellationToken)).Where(l => l is { Replacements: > 0, TurnedOff: false });
        foreach (var link in replaced)
        {
            if (shared.Select(s => s.Instrument).FirstOrDefault(i => i.Id == link.InstrumentId) is { } instrument)
            {
                results.Add(await SendReplacementAsync(round, school, instrument, link.Replacements, roleChoices, cancellationToken));
            }
        }

        return results;
    }

    private Task<SendOutcome> SendReplacementAsync(Round round, School school, Instrument instrument, int replacement, IReadOnlyList<string> roleChoices, CancellationToken cancellationToken) =>
        ledger.SendOnceAsync(round.Key, new LinkReplacementKey(school.Id, instrument.Id, replacement), async ct =>
        {
            var token = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Shared, round.NetworkId, round.Id, school.Id, instrument.Id, instrument.Version, null, false)
            {
                RoleChoices = instrument.Audience == Audience.Staff ? roleChoices : [],
            }, ct);
            var hash = LinkStore.Hash(token);

            // Only the newest replacement's link goes into use: one a later replacement (or a turn-off) overtook is off at once.
            var recorded = await sharedLinks.ChangeAsync(round.Key, school.Id, instrument.Id, current => current is { TurnedOff: false } && current.Replacements == replacement ? current with { LinkHash = hash } : null, ct);
            if (recorded is null)
            {
                await links.RevokeAsync(hash, ct);
            }

            return await DesignTeamEmailAsync(round, school, [LinkRow(instrument, token)], replacement: true, [hash]);
        }, cancellationToken);

    private object LinkRow(Instrument instrument, string token) => new
    {
        Title = instrument.Title.In(LocalizedText.DefaultLanguage),
        Audience = instrument.Audience.ToString(),
        GradeBand = instrument.GradeBand,
        Url = urls.Survey(token),
        PreviewUrl = instrument.Audience == Audience.Student ? urls.Preview(instrument.Id, instrument.Version) : null,
    };

    private async Task<LedgerEmail> DesignTeamEmailAsync(Round round, School school, List<object> linkRows, bool replacement, List<string> hashes)
    {
        var model = new { SchoolName = school.Name, RoundName = round.Name, Closes = ui.FormatDate(LocalizedText.DefaultLanguage, round.ClosesAt), Links = linkRows, Replacement = replacement };
        var (subject, text, html) = await templates.RenderEmailAsync("email/design-team-links", model);
        var to = school.DesignTeamEmails.Select(a => new EmailAddress(a)).ToList();
        return Revocable(new EmailMessage(sender, to, subject, html, text, [], EmptyTags), hashes);
    }

    private static readonly Dictionary<string, string> EmptyTags = [];

    /// <summary>An email whose links are turned off again if it is not sent.</summary>
    private LedgerEmail Revocable(EmailMessage message, List<string> tokenHashes) => new(message, tokenHashes, async ct =>
    {
        foreach (var hash in tokenHashes)
        {
            await links.RevokeAsync(hash, ct);
        }
    });

    /// <summary>
    /// Failures fail the invocation, so the queue retries soon (sent emails are skipped then); the round clock also
    /// queues failed ones again later. Sends another worker claimed are checked again once that claim can time out.
    /// </summary>
    private async Task FinishAsync<T>(List<SendOutcome> results, string what, string schoolId, string queueName, T message, CancellationToken cancellationToken)
        where T : class
    {
        var failures = results.Count(r => r == SendOutcome.Failed);
        if (failures > 0)
        {
            throw new EmailSendException($"{failures} {what} for school {schoolId} were not accepted; they will be retried.", transient: true);
        }

        if (results.Contains(SendOutcome.Deferred))
        {
            await queue.SendAsync(queueName, message, cancellationToken, ledger.TakeOverAfter);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId}, school {SchoolId}: nothing sent ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string roundId, string schoolId, string reason);
}
