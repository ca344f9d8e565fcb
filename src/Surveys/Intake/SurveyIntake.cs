using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Intake;

/// <summary>Why a survey link cannot be used right now.</summary>
public enum LinkStatus
{
    Usable,
    Unknown,
    Revoked,
    NotYetOpen,
    Closed,
    AlreadyUsed,

    /// <summary>The submission id is already taken by a different submission (another link's, or other answers).</summary>
    SubmissionIdTaken,

    /// <summary>A shared link whose school and instrument have taken as many answers as their cap allows.</summary>
    Full,
}

/// <summary>A link resolved to what it opens, or the reason it cannot be used.</summary>
public sealed record ResolvedLink(LinkStatus Status, SurveyLink? Link, Round? Round, Instrument? Instrument);

/// <summary>The result of a submission attempt.</summary>
public abstract record IntakeOutcome
{
    /// <summary>Stored durably and queued for scoring. <paramref name="Repeated"/>: this submission id was already stored.</summary>
    public sealed record Accepted(Receipt Receipt, bool Repeated) : IntakeOutcome;

    public sealed record Refused(LinkStatus Status, ResolvedLink Resolved) : IntakeOutcome;

    public sealed record Invalid(IReadOnlyList<SubmissionError> Errors) : IntakeOutcome;
}

/// <summary>Message asking ScoreSubmission to score one stored submission.</summary>
public sealed record ScoreSubmissionMessage(string NetworkId, string RoundId, string SchoolId, string SubmissionId) : IRoundMessage
{
    public string? SchoolScope => SchoolId;

    [System.Text.Json.Serialization.JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>
/// Takes a submission from a survey link to durable storage. Nothing is acknowledged before the raw submission
/// is in Blob storage and its scoring message is queued; a retry with the same submission id is idempotent.
/// </summary>
public sealed partial class SurveyIntake(
    Catalog catalog,
    LinkStore links,
    RoundCache rounds,
    SubmissionArchive archive,
    CompletionStore completions,
    SharedLinkStore sharedLinks,
    SharedLinkCapRule capRule,
    WorkQueue queue,
    TimeProvider clock,
    Rounds.RoundTiming timing,
    ILogger<SurveyIntake> logger)
{
    /// <summary>
    /// Looks a token up and checks that its round is open now; with <paramref name="checkCompletion"/>, also that a
    /// personal link is not used yet and a shared link not full (the survey page, so no one answers in vain).
    /// </summary>
    public async Task<ResolvedLink> ResolveAsync(string token, bool checkCompletion, CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(token, cancellationToken);
        if (link is null)
        {
            return new ResolvedLink(LinkStatus.Unknown, null, null, null);
        }

        var instrument = catalog.Find(link.InstrumentId, link.InstrumentVersion);
        var round = await rounds.GetAsync(link.NetworkId, link.RoundId, cancellationToken);
        if (round is null || instrument is null)
        {
            return new ResolvedLink(LinkStatus.Unknown, link, null, null);
        }

        var now = clock.GetUtcNow();
        var status = link.Revoked ? LinkStatus.Revoked
            : round.State == RoundState.Draft || (round.State == RoundState.Open && now < round.OpensAt) ? LinkStatus.NotYetOpen
            : !round.AcceptsResponsesAt(now) ? LinkStatus.Closed
            : LinkStatus.Usable;

        if (status == LinkStatus.Usable && checkCompletion && link is { Kind: LinkKind.Personal, RosterKey: { } person }
            && await completions.IsCompletedAsync(link.Round, new Completion(link.SchoolId, link.InstrumentId, person), cancellationToken))
        {
            status = LinkStatus.AlreadyUsed;
        }

        if (status == LinkStatus.Usable && checkCompletion && link.Kind == LinkKind.Shared
            && await sharedLinks.GetAsync(link.Round, link.SchoolId, link.InstrumentId, cancellationToken) is { IsFull: true })
        {
            status = LinkStatus.Full;
        }

        return new ResolvedLink(status, link, round, instrument);
    }

    /// <summary>
    /// Validates and stores a submission. Storage round trips before the answer: link read, round read (cached for a few seconds),
    /// for a shared link a blob read (an id stored already) and a place under the cap (read, then If-Match update), blob
    /// create (If-None-Match), completion insert (personal links only), queue send.
    /// </summary>
    /// <remarks>
    /// A personal link's one use: the answers are stored first, then the link's completion row is inserted (insert-only,
    /// so of two submissions through one link exactly one insert wins), and the loser's answers are deleted again. The
    /// two writes are tied together only in this request's memory: the completion row holds the person's roster key and
    /// nothing else, the answers hold the school and the day and nothing of the link, so nothing stored pairs them. A
    /// crash between the two leaves stored answers with no completion, which the person's retry (same submission id,
    /// same answers) completes.
    /// <para>
    /// A shared link's cap: the place is taken before the answers are stored, so stored answers never outnumber places
    /// and a profile never counts more than the cap. A place taken by a request that then fails (storage down, a crash)
    /// is not given back: a failure can only cost a place, never let an answer past the cap.
    /// </para>
    /// </remarks>
    public async Task<IntakeOutcome> SubmitAsync(string token, SubmissionRequest request, string? claimedSchoolId, CancellationToken cancellationToken)
    {
        var outcome = await StoreAsync(token, request, claimedSchoolId, cancellationToken);
        switch (outcome)
        {
            case IntakeOutcome.Accepted:
                PipelineTelemetry.SubmissionsReceived.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Instrument, request.InstrumentId));
                break;
            case IntakeOutcome.Refused refused:
                PipelineTelemetry.SubmissionsRejected.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Reason, ReasonOf(refused.Status)));
                break;
            case IntakeOutcome.Invalid invalid:
                PipelineTelemetry.SubmissionsRejected.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Reason, invalid.Errors.Any(e => e.Code == "wrong-school") ? "wrong-school" : "invalid-submission"));
                break;
        }

        return outcome;
    }

    /// <summary>The problem code a refusal is reported with (also the metric's reason tag).</summary>
    public static string ReasonOf(LinkStatus status) => status switch
    {
        LinkStatus.Unknown => "unknown-link",
        LinkStatus.Revoked => "revoked-link",
        LinkStatus.NotYetOpen => "round-not-open",
        LinkStatus.Closed => "round-closed",
        LinkStatus.AlreadyUsed => "link-used",
        LinkStatus.SubmissionIdTaken => "submission-id-taken",
        LinkStatus.Full => "link-full",
        _ => "accepted",
    };

    private async Task<IntakeOutcome> StoreAsync(string token, SubmissionRequest request, string? claimedSchoolId, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var resolved = await ResolveAsync(token, checkCompletion: false, cancellationToken);
        if (resolved.Status != LinkStatus.Usable)
        {
            return new IntakeOutcome.Refused(resolved.Status, resolved);
        }

        var (link, instrument) = (resolved.Link!, resolved.Instrument!);
        if (claimedSchoolId is not null && claimedSchoolId != link.SchoolId)
        {
            return new IntakeOutcome.Invalid([new SubmissionError("school", "wrong-school", "This link is for a different school than the one named in the submission.")]);
        }

        var validation = SubmissionValidator.Validate(request, instrument, new SubmissionContext(link.RoundId, link.NetworkId, link.SchoolId, clock.GetUtcNow()) { Role = link.Role, RoleChoices = link.RoleChoices });
        if (!validation.IsValid)
        {
            return new IntakeOutcome.Invalid(validation.Errors);
        }

        var submission = validation.Submission!;
        var sharedLink = link.Kind == LinkKind.Shared ? link.TokenHash : null;

        // Through a shared link, an id already stored is answered before a place under the cap is taken, so a retry or
        // a refused id neither spends a place nor writes anything.
        var stored = sharedLink is null ? null : await archive.GetAsync(link.Round, link.SchoolId, submission.SubmissionId, cancellationToken);
        var full = stored is null && sharedLink is not null
            && !await sharedLinks.TryTakeAsync(link.Round, link.SchoolId, link.InstrumentId, sharedLink, capRule.For(instrument.Audience, null), cancellationToken);
        var created = stored is null && !full && await archive.TryCreateAsync(submission, sharedLink, cancellationToken);
        if (!created)
        {
            if (stored is null && sharedLink is not null && !full)
            {
                // Stored by a request that ran alongside this one: the place just taken is not needed.
                await sharedLinks.ReleaseAsync(link.Round, link.SchoolId, link.InstrumentId, cancellationToken);
            }

            // The same submission id is already stored for this school: a retry, whose stored receipt is the answer,
            // unless it is someone else's submission (see IsRetry). Its scoring message is sent again below, in case
            // the earlier attempt failed after the blob was written.
            stored ??= full ? null : await archive.GetAsync(link.Round, link.SchoolId, submission.SubmissionId, cancellationToken);
            if (stored is null || !IsRetry(stored, submission, sharedLink))
            {
                var refusal = full ? LinkStatus.Full : LinkStatus.SubmissionIdTaken;
                return new IntakeOutcome.Refused(refusal, resolved with { Status = refusal });
            }

            submission = stored.Submission;
        }

        if (link is { Kind: LinkKind.Personal, RosterKey: { } person }
            && !await completions.TryCompleteAsync(link.Round, new Completion(link.SchoolId, link.InstrumentId, person), cancellationToken)
            && created)
        {
            // Someone already completed this personal link with another submission: undo ours.
            await archive.DeleteAsync(link.Round, link.SchoolId, submission.SubmissionId, cancellationToken);
            return new IntakeOutcome.Refused(LinkStatus.AlreadyUsed, resolved with { Status = LinkStatus.AlreadyUsed });
        }

        await queue.SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(submission.NetworkId, submission.RoundId, submission.SchoolId, submission.SubmissionId), cancellationToken);
        if (await ProfilesMayHaveStartedAsync(link, started, cancellationToken))
        {
            LogTooLate(logger, link.RoundId, link.SchoolId);
            return new IntakeOutcome.Refused(LinkStatus.Closed, resolved with { Status = LinkStatus.Closed });
        }

        LogAccepted(logger, submission.RoundId, submission.SchoolId, submission.InstrumentId, !created);
        return new IntakeOutcome.Accepted(ReceiptFor(submission), Repeated: !created);
    }

    /// <summary>
    /// Whether a stored submission with the same id as a new one is an earlier attempt of the same submission. One
    /// through a shared link carries that link's hash, so it must be the same link. One through a personal link carries
    /// nothing of its link (that would tie a person to their answers), so it must have the same answers: the same
    /// instrument, answers, "don't know" answers, role group and comments (a retry after a lost answer sends the same
    /// form again). A personal link that sends the id of a different submission is refused; so is any other link.
    /// </summary>
    private static bool IsRetry(ArchivedSubmission stored, Submission attempt, string? sharedLink)
    {
        if (stored.SharedLinkHash != sharedLink)
        {
            return false;
        }

        var earlier = stored.Submission;
        return sharedLink is not null || (earlier.InstrumentId == attempt.InstrumentId
            && earlier.InstrumentVersion == attempt.InstrumentVersion
            && SameEntries(earlier.Answers, attempt.Answers)
            && earlier.DontKnow.SequenceEqual(attempt.DontKnow, StringComparer.Ordinal)
            && earlier.Role == attempt.Role
            && SameEntries(earlier.OpenText, attempt.OpenText));
    }

    private static bool SameEntries<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && EqualityComparer<T>.Default.Equals(entry.Value, other));

    /// <summary>
    /// Whether the round closed while this request was storing, early enough that its profiles may already have been
    /// built without it; then the submission is not acknowledged (it stays stored, as unacknowledged ones may). The
    /// profiles are built <see cref="RoundCache.Lifetime"/> + <see cref="Rounds.RoundTiming.ProfileMargin"/> after the
    /// close, and the round this request saw open was read at most the cache lifetime before it started, so only a
    /// request slower than the margin needs to look at the round again.
    /// </summary>
    private async Task<bool> ProfilesMayHaveStartedAsync(SurveyLink link, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - started < timing.ProfileMargin)
        {
            return false;
        }

        var round = await rounds.GetFreshAsync(link.NetworkId, link.RoundId, cancellationToken);
        return round is null || (round.State != RoundState.Open && (round.ClosingAt is not { } closing || now >= closing + rounds.Lifetime + timing.ProfileMargin));
    }

    /// <summary>A short receipt code a person can quote, the same on every retry of a submission.</summary>
    public static Receipt ReceiptFor(Submission submission)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{submission.NetworkId}/{submission.RoundId}/{submission.SchoolId}/{submission.SubmissionId}"));
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var code = new StringBuilder(9);
        for (var i = 0; i < 8; i++)
        {
            if (i == 4)
            {
                code.Append('-');
            }

            code.Append(alphabet[hash[i] % alphabet.Length]);
        }

        return new Receipt(code.ToString(), submission.SubmissionId, submission.ReceivedOn);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission for round {RoundId}, school {SchoolId} finished storing after the round's profiles may have been built; answered as closed")]
    private static partial void LogTooLate(ILogger logger, string roundId, string schoolId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission accepted for round {RoundId}, school {SchoolId}, instrument {InstrumentId} (repeat: {Repeated})")]
    private static partial void LogAccepted(ILogger logger, string roundId, string schoolId, string instrumentId, bool repeated);
}
