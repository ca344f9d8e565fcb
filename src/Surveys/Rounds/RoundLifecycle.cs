using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>
/// How long after closing the profiles are built, beyond the round cache's lifetime: time for submissions accepted at
/// the last moment to finish storing.
/// </summary>
public sealed record RoundTiming(TimeSpan ProfileMargin)
{
    public static RoundTiming Default { get; } = new(TimeSpan.FromSeconds(10));
}

/// <summary>How a requested state change ended.</summary>
public enum TransitionOutcome
{
    Done,
    NotFound,

    /// <summary>The round is not in a state that allows the change (HTTP 409).</summary>
    Refused,
}

public sealed record TransitionResult(TransitionOutcome Outcome, Round? Round, string Message);

/// <summary>
/// The round state machine, Draft -> Open -> Closing -> Closed. Every change is a conditional replace on the round's
/// ETag, so of two workers racing for the same change exactly one wins and does the follow-up work (invitations, the
/// profile-building message); the loser is told the round already moved. Follow-up work is marked done on the round
/// afterwards; <see cref="TickAsync"/> finishes any step a crash interrupted.
/// </summary>
public sealed partial class RoundLifecycle(RoundStore rounds, NetworkStore networks, WorkQueue queue, RoundCache cache, RoundTiming timing, AuditLog audit, EmailLedger ledger, TimeProvider clock, ILogger<RoundLifecycle> logger)
{
    /// <summary>The audit actor of changes the round clock makes on its own.</summary>
    public const string ClockActor = "system:round-clock";

    /// <summary>How long after an email failed the clock tries it again.</summary>
    public static readonly TimeSpan ReportRetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long an interrupted step is given before the clock finishes it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Profiles are built this long after closing, so submissions accepted just before the close (the intake may
    /// see a manual close up to the round cache's lifetime late) are stored before they are read.
    /// </summary>
    public TimeSpan ProfileDelay => cache.Lifetime + timing.ProfileMargin;

    public async Task<TransitionResult> OpenAsync(string networkId, string roundId, string actor, CancellationToken cancellationToken)
    {
        var stored = await rounds.GetAsync(networkId, roundId, cancellationToken);
        if (stored is null)
        {
            return new(TransitionOutcome.NotFound, null, $"Round '{roundId}' does not exist in network '{networkId}'.");
        }

        if (stored.Round.State != RoundState.Draft)
        {
            return new(TransitionOutcome.Refused, stored.Round, $"Round '{roundId}' is {stored.Round.State}; only a Draft round can be opened.");
        }

        var now = clock.GetUtcNow();
        if (stored.Round.ClosesAt <= now)
        {
            // The clock missed the whole window (or "open now" came too late): inviting people to a closed survey helps no one.
            return new(TransitionOutcome.Refused, stored.Round, $"Round '{roundId}' was to close at {stored.Round.ClosesAt:u}, which has passed; create a new round with new dates.");
        }

        var schools = stored.Round.SchoolIds.Count > 0
            ? stored.Round.SchoolIds
            : (await networks.ListSchoolsAsync(networkId, cancellationToken)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        var opened = stored.Round with
        {
            State = RoundState.Open,
            OpensAt = stored.Round.OpensAt > now ? now : stored.Round.OpensAt,
            OpenedAt = now,
            SchoolIds = schools,
        };
        var won = await rounds.TryReplaceAsync(stored, opened, cancellationToken);
        if (won is null)
        {
            return await LostRaceAsync(networkId, roundId, "opened", cancellationToken);
        }

        cache.Evict(networkId, roundId);
        LogTransition(logger, roundId, RoundState.Draft, RoundState.Open);
        await audit.RecordAsync(networkId, actor, "round.open", roundId, $"{schools.Count} schools invited", cancellationToken);
        await QueueInvitationsAsync(won.Round, cancellationToken);
        return new(TransitionOutcome.Done, opened, $"Round '{roundId}' is open; invitations are on their way to {schools.Count} schools.");
    }

    public async Task<TransitionResult> CloseAsync(string networkId, string roundId, string actor, CancellationToken cancellationToken)
    {
        var stored = await rounds.GetAsync(networkId, roundId, cancellationToken);
        if (stored is null)
        {
            return new(TransitionOutcome.NotFound, null, $"Round '{roundId}' does not exist in network '{networkId}'.");
        }

        if (stored.Round.State != RoundState.Open)
        {
            return new(TransitionOutcome.Refused, stored.Round, stored.Round.State == RoundState.Draft
                ? $"Round '{roundId}' is still a Draft; open it before closing it."
                : $"Round '{roundId}' is already {stored.Round.State}.");
        }

        var now = clock.GetUtcNow();
        var closing = stored.Round with
        {
            State = RoundState.Closing,
            ClosingAt = now,
            ClosesAt = stored.Round.ClosesAt > now ? now : stored.Round.ClosesAt,
        };
        var won = await rounds.TryReplaceAsync(stored, closing, cancellationToken);
        if (won is null)
        {
            return await LostRaceAsync(networkId, roundId, "closed", cancellationToken);
        }

        cache.Evict(networkId, roundId);
        LogTransition(logger, roundId, RoundState.Open, RoundState.Closing);
        await audit.RecordAsync(networkId, actor, "round.close", roundId, now < stored.Round.ClosesAt ? "closed early" : "closed at its close time", cancellationToken);
        await RequestProfilesAsync(closing, cancellationToken);
        return new(TransitionOutcome.Done, closing, $"Round '{roundId}' is closing; readiness profiles will be built in about {ProfileDelay.TotalSeconds:F0} seconds.");
    }

    /// <summary>Marks a round Closed once its profiles are built.</summary>
    public async Task MarkClosedAsync(string networkId, string roundId, CancellationToken cancellationToken) =>
        await UpdateAsync(networkId, roundId, r => r.State == RoundState.Closing ? r with { State = RoundState.Closed, ClosedAt = clock.GetUtcNow() } : null, cancellationToken);

    /// <summary>
    /// The round clock: opens rounds whose time has come, closes rounds past their close time, queues due reminders
    /// once per reminder, and finishes follow-up work a crash interrupted. Safe to run late, twice, or concurrently.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actions = 0;
        await foreach (var stored in rounds.ListAllAsync(cancellationToken))
        {
            var round = stored.Round;
            if (round.PurgedAt is not null)
            {
                // Retention removed its data, whatever state it was left in: there is nothing to open, close, build or send.
                continue;
            }

            switch (round.State)
            {
                case RoundState.Draft when round.OpensAt <= now && now < round.ClosesAt:
                    actions += (await OpenAsync(round.NetworkId, round.Id, ClockActor, cancellationToken)).Outcome == TransitionOutcome.Done ? 1 : 0;
                    break;
                case RoundState.Open when round.ClosesAt <= now:
                    actions += (await CloseAsync(round.NetworkId, round.Id, ClockActor, cancellationToken)).Outcome == TransitionOutcome.Done ? 1 : 0;
                    break;
                case RoundState.Open when round.InvitationsQueuedAt is null && round.OpenedAt < now - Grace:
                    await QueueInvitationsAsync(round, cancellationToken);
                    actions++;
                    break;
                case RoundState.Open:
                    actions += await QueueDueRemindersAsync(stored, now, cancellationToken);
                    actions += await RetryFailedSendsAsync(round, now, cancellationToken);
                    break;
                case RoundState.Closing when round.ProfilesRequestedAt is null && round.ClosingAt < now - Grace:
                    await RequestProfilesAsync(round, cancellationToken);
                    actions++;
                    break;
                case RoundState.Closed:
                    actions += await RetryFailedSendsAsync(round, now, cancellationToken);
                    break;
            }
        }

        return actions;
    }

    /// <summary>
    /// Queues again the emails that failed longer than <see cref="ReportRetryAfter"/> ago (the email service was down
    /// for longer than its retry budget) or whose worker died between claiming and marking them: reports one by one,
    /// invitations and reminders one message per school.
    /// </summary>
    private async Task<int> RetryFailedSendsAsync(Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retries = await ledger.TakeRetriesAsync(round.Key, now - ReportRetryAfter, cancellationToken);
        var messages = retries.Select(key => key switch
        {
            ReportKey report => (StorageNames.ReportQueue, (object)new SendReportMessage(round.NetworkId, round.Id, report.Target, report.Resend)),
            InvitationKey or DesignTeamKey or LinkReplacementKey => (StorageNames.InvitationQueue, new SendInvitationsMessage(round.NetworkId, round.Id, key.School!)),
            ReminderKey reminder => (StorageNames.ReminderQueue, new SendRemindersMessage(round.NetworkId, round.Id, reminder.SchoolId, reminder.Reminder)),
            _ => throw new InvalidOperationException($"No mailer sends {key.Kind} emails."),
        }).ToHashSet();

        foreach (var (queueName, message) in messages)
        {
            await queue.SendAsync(queueName, message, cancellationToken);
        }

        return messages.Count;
    }

    private async Task<int> QueueDueRemindersAsync(StoredRound stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var round = stored.Round;
        var due = round.ReminderOffsets
            .Select((offset, index) => (offset, index))
            .Where(r => !round.RemindersQueued.Contains(r.index) && round.OpensAt + r.offset <= now)
            .Select(r => r.index)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        // Claim the reminders on the round first: of two clocks firing together only one wins the ETag.
        var claimed = await rounds.TryReplaceAsync(stored, round with { RemindersQueued = [.. round.RemindersQueued, .. due] }, cancellationToken);
        if (claimed is null)
        {
            return 0;
        }

        // Several due at once (the clock was late): one reminder is enough, the latest.
        var reminder = due.Max();
        foreach (var school in round.SchoolIds)
        {
            await queue.SendAsync(StorageNames.ReminderQueue, new SendRemindersMessage(round.NetworkId, round.Id, school, reminder), cancellationToken);
        }

        LogReminders(logger, round.Id, reminder, round.SchoolIds.Count);
        return 1;
    }

    private async Task QueueInvitationsAsync(Round round, CancellationToken cancellationToken)
    {
        foreach (var school in round.SchoolIds)
        {
            await queue.SendAsync(StorageNames.InvitationQueue, new SendInvitationsMessage(round.NetworkId, round.Id, school), cancellationToken);
        }

        await UpdateAsync(round.NetworkId, round.Id, r => r.InvitationsQueuedAt is null ? r with { InvitationsQueuedAt = clock.GetUtcNow() } : null, cancellationToken);
    }

    private async Task RequestProfilesAsync(Round round, CancellationToken cancellationToken)
    {
        await queue.SendAsync(StorageNames.ProfileQueue, new BuildProfilesMessage(round.NetworkId, round.Id), cancellationToken, ProfileDelay);
        await UpdateAsync(round.NetworkId, round.Id, r => r.ProfilesRequestedAt is null ? r with { ProfilesRequestedAt = clock.GetUtcNow() } : null, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> (null = nothing to do) with If-Match, re-reading after a conflict.</summary>
    private async Task UpdateAsync(string networkId, string roundId, Func<Round, Round?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await rounds.GetAsync(networkId, roundId, cancellationToken);
            var changed = stored is null ? null : change(stored.Round);
            if (changed is null || await rounds.TryReplaceAsync(stored!, changed, cancellationToken) is not null)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Round '{roundId}' kept changing under an update; try again.");
    }

    private async Task<TransitionResult> LostRaceAsync(string networkId, string roundId, string verb, CancellationToken cancellationToken)
    {
        var now = await rounds.GetAsync(networkId, roundId, cancellationToken);
        return new(TransitionOutcome.Refused, now?.Round, $"Round '{roundId}' was {verb} by another request at the same moment; it is now {now?.Round.State}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId} moved from {From} to {To}")]
    private static partial void LogTransition(ILogger logger, string roundId, RoundState from, RoundState to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {RoundId}: reminder {Reminder} queued for {Schools} schools")]
    private static partial void LogReminders(ILogger logger, string roundId, int reminder, int schools);
}
