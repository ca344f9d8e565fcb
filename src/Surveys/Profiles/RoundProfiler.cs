using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>
/// Builds a closed round's profiles (BuildProfiles): aggregates every response in one pass over the round's score
/// rows, school by school, scoring on the way any stored submission that was never scored (unless the scoring queues
/// show there can be none, below); clusters schools (with the network's earlier rounds, so profiles are stable) and
/// staff into personas; builds the suppressed reports and writes every file to Blob storage; queues one SendReport per
/// school and one for the coaches, and a RestampCompletions that rewrites the round's completion rows so their storage
/// timestamps no longer tell when each person answered; and marks the round Closed.
/// Everything is a pure function of stored data with fixed seeds, so a re-run writes the same bytes, and the delivery
/// ledger keeps it from sending anything twice.
/// </summary>
/// <remarks>
/// Where a close's time goes, and why it is arranged so (figures in bench/RESULTS.md, "Round close"): the report
/// pages draw their charts as SVG and the design team's email draws its PNG radar chart when it is sent, because
/// rasterising and encoding PNGs for every page was most of a close (about 25 s of CPU for 50 schools; now about
/// 1 s). What is left is storage: every school's score rows and the report writes. The completion rewrite is a
/// message of its own: on Azure it is one partition's worth of transactions, the longest single task of a large close,
/// and nothing of the reports waits for it.
/// <para>
/// Listing the stored submissions is what finds an acknowledged answer whose score row is missing, and it cost more
/// than reading the rows (33,000 blob names for 50 schools). The intake queues an answer's scoring message before it
/// acknowledges it, and the close starts only when no request that saw the round open can still be storing, so when
/// the scoring queue and its poison queue are both empty (their approximate counts are never below the truth) every
/// acknowledged answer's message has been handled, and its row written. Then the close reads the rows only and queues
/// a SweepSubmissions message that lists the stored submissions after the reports are out. That listing stays as the
/// safety net for a message lost without a trace (a poisoned one that expired, a queue cleared by hand): it scores
/// what it finds and builds the profiles again. When either queue holds anything, the close lists as it reads.
/// </para>
/// </remarks>
public sealed partial class RoundProfiler(
    Catalog catalog,
    ScoringPlans plans,
    NetworkStore networks,
    RoundStore rounds,
    SubmissionArchive archive,
    ScoreStore scores,
    ReportStore reports,
    RoundStatusReader status,
    RoundLifecycle lifecycle,
    ReportRenderer renderer,
    WorkQueue queue,
    PoisonQueues queueDepths,
    PrivacyFloors floors,
    ILogger<RoundProfiler> logger)
{
    /// <summary>
    /// Schools whose report files are rendered and written at once (and SendReport messages in flight). Rendering is
    /// CPU work and each write is a storage round trip, so several in flight keep the cores busy while writes wait,
    /// and only this many schools' files are held in memory, however large the network.
    /// </summary>
    public const int Parallelism = 8;

    /// <summary>
    /// Schools whose score rows and stored submissions are read at once. Each school is its own Scores partition,
    /// served at up to 2,000 entities a second on Azure, and a school's rows are usually one page, so the close is
    /// bound by round trips: 16 schools in flight can approach the account's 20,000 entities a second, while only
    /// those schools' rows are held in memory.
    /// </summary>
    public const int ReadParallelism = 16;

    // How far a school's two listings are read ahead: two pages each (a blob listing page holds up to 5,000 names, a
    // table query page 1,000 rows), so both services are busy at once.
    private const int StoredIdsAhead = 10_000;
    private const int RowsAhead = 2_000;

    public async Task BuildAsync(BuildProfilesMessage message, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = PipelineTelemetry.Source.StartActivity("profiles.build");
        activity?.SetTag(PipelineTelemetry.Tags.RoundId, message.RoundId);
        if (await BuildRoundAsync(message, cancellationToken))
        {
            PipelineTelemetry.RoundCloseDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.RoundId, message.RoundId));
        }
    }

    /// <summary>Builds the round's profiles; false when the round is not closing or closed (nothing built).</summary>
    private async Task<bool> BuildRoundAsync(BuildProfilesMessage message, CancellationToken cancellationToken)
    {
        var round = (await rounds.GetAsync(message.NetworkId, message.RoundId, cancellationToken))?.Round;
        var network = await networks.GetNetworkAsync(message.NetworkId, cancellationToken);
        if (round is null || network is null || round.PurgedAt is not null)
        {
            // Erased on request (or purged by retention) after the message was queued: there is nothing to build.
            LogNotFound(logger, message.RoundId);
            return false;
        }

        if (round.State is RoundState.Draft or RoundState.Open)
        {
            LogNotClosed(logger, round.Id, round.State);
            return false;
        }

        var taking = round.SchoolIds.ToHashSet(StringComparer.Ordinal);
        var schools = (await networks.ListSchoolsAsync(round.NetworkId, cancellationToken))
            .Where(s => taking.Count == 0 || taking.Contains(s.Id))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var instruments = round.Instruments.Select(i => catalog.Find(i.InstrumentId, i.InstrumentVersion)!).ToList();
        var framework = catalog.Framework(instruments[0].FrameworkId);

        // Before any score row is read: rows written before the queues were seen empty are all read.
        var scoring = await queueDepths.DepthAsync(StorageNames.ScoreQueue, cancellationToken);
        var listStored = scoring.Waiting > 0 || scoring.Poisoned > 0;

        // Response rates count scored responses per school and instrument: the aggregates count every score row, so
        // the status does not read them a second time, and it reads the rest (the delivery ledger and the completions)
        // while the score rows are read, as the earlier rounds are. The staff are clustered into personas (which needs
        // this round only) once the rows are in, and the schools are profiled as soon as the earlier rounds are too.
        var aggregating = AggregateAsync(round.Key, listStored, cancellationToken);
        var rates = status.ReadAsync(round.NetworkId, round.Id, ScoredAsync(aggregating), cancellationToken);
        var reading = HistoryAsync(round, cancellationToken);
        var (current, swept) = await aggregating;
        var clustering = Task.Run(() => ProfileEngine.Personas(current), cancellationToken);
        var profiling = Task.Run(async () => ProfileEngine.ProfileSchools(round, framework, instruments, current, await reading, floors), cancellationToken);
        await Task.WhenAll(reading, rates, clustering, profiling);
        var (history, profiles, personas) = (await reading, await profiling, await clustering);
        var previous = history.LastOrDefault();

        // The models and the trend data are written while the reports render: nothing of the reports reads them.
        var kept = Task.WhenAll(
            WriteModelAsync(round.Key, profiles.Model, cancellationToken),
            WriteModelAsync(round.Key, personas.Model, cancellationToken),
            WriteAsync(round.Key, [ProfileEngine.JsonFile("aggregates.json", new TrendData(round.Id, round.OpensAt, current.Groups) { Name = round.Name })], cancellationToken));

        var inputs = new ProfileInputs(
            network,
            round,
            framework,
            instruments,
            schools,
            current,
            previous is null ? null : new RoundAggregates(previous.Groups, [], [], [], [], [], 0),
            await rates,
            profiles.Assignments,
            profiles.Note,
            personas.Counts,
            floors)
        {
            History = history,
        };

        await Task.WhenAll(
            kept,
            Task.Run(async () => await WriteAsync(round.Key, await ProfileEngine.NetworkFilesAsync(inputs, renderer), cancellationToken), cancellationToken),
            Parallel.ForEachAsync(schools, Options(cancellationToken), async (school, ct) =>
                await WriteAsync(round.Key, await ProfileEngine.SchoolFilesAsync(inputs, school, renderer), ct)));

        // Only once every file is stored: SendReport reads them.
        await Parallel.ForEachAsync(schools, Options(cancellationToken), async (school, ct) =>
            await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.SchoolTarget(school.Id)), ct));
        await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.NetworkTarget), cancellationToken);

        // The completion rows are final by now (this message was queued the cache lifetime and a margin after the round
        // closed, so no request that saw it open is still writing) and no report depends on them: they are rewritten in
        // a message of their own, before the round is marked Closed, so a close that fails after this queues it again.
        await queue.SendAsync(StorageNames.RestampQueue, new RestampCompletionsMessage(round.NetworkId, round.Id), cancellationToken);
        if (!listStored)
        {
            await queue.SendAsync(StorageNames.SweepQueue, new SweepSubmissionsMessage(round.NetworkId, round.Id), cancellationToken);
        }

        await lifecycle.MarkClosedAsync(round.NetworkId, round.Id, cancellationToken);
        LogBuilt(logger, round.Id, current.Responses, schools.Count, swept, listStored ? "listed as the rows were read" : "left to a SweepSubmissions message (the scoring queues were empty)");
        return true;
    }

    /// <summary>
    /// SweepSubmissions: lists a closed round's stored submissions against its score rows, school by school, and scores
    /// any that has no row; if it scored one, queues BuildProfiles again so the reports count it (the delivery ledger
    /// keeps the emails already sent from going again). Returns how many it scored.
    /// </summary>
    public async Task<int> SweepAsync(SweepSubmissionsMessage message, CancellationToken cancellationToken)
    {
        var round = (await rounds.GetAsync(message.NetworkId, message.RoundId, cancellationToken))?.Round;
        if (round is null || round.PurgedAt is not null || round.State is RoundState.Draft or RoundState.Open)
        {
            LogNothingToSweep(logger, message.RoundId);
            return 0;
        }

        var swept = 0;
        using var lateScorings = new SemaphoreSlim(Parallelism);
        await Parallel.ForEachAsync(
            await archive.ListSchoolsAsync(round.Key, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (school, ct) => Interlocked.Add(ref swept, (await ReadSchoolAsync(round.Key, school, listStored: true, lateScorings, ct)).Swept));
        if (swept > 0)
        {
            LogSweptAfterClose(logger, round.Id, swept);
            await queue.SendAsync(StorageNames.ProfileQueue, new BuildProfilesMessage(round.NetworkId, round.Id), cancellationToken);
        }
        else
        {
            LogAllScored(logger, round.Id);
        }

        return swept;
    }

    /// <summary>
    /// Reads every score row of the round once and adds it to the aggregates, school by school in school id order and,
    /// within a school, in submission id order, so the aggregates (and the report bytes) never depend on timing.
    /// Several schools are read side by side (each school is its own Scores partition and blob folder), at most
    /// <see cref="ReadParallelism"/> ahead of the one being added, so memory grows with the largest schools, not the round.
    /// </summary>
    private async Task<(RoundAggregates Aggregates, int Swept)> AggregateAsync(RoundKey round, bool listStored, CancellationToken cancellationToken)
    {
        var aggregator = new RoundAggregator(catalog.Find, plans);
        var swept = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var lateScorings = new SemaphoreSlim(Parallelism);
        var reading = new Queue<Task<SchoolResponses>>();
        void Add(SchoolResponses school)
        {
            foreach (var response in school.Responses)
            {
                aggregator.Add(response);
            }

            swept += school.Swept;
        }

        try
        {
            foreach (var school in await archive.ListSchoolsAsync(round, cancellationToken))
            {
                if (reading.Count == ReadParallelism)
                {
                    Add(await reading.Dequeue());
                }

                reading.Enqueue(ReadSchoolAsync(round, school, listStored, lateScorings, stop.Token));
            }

            while (reading.Count > 0)
            {
                Add(await reading.Dequeue());
            }
        }
        finally
        {
            // A failure leaves the schools still being read with nobody waiting for them.
            await stop.CancelAsync();
        }

        return (aggregator.Result(), swept);
    }

    /// <summary>Scored responses by (school, instrument), as the round status counts them, once the aggregates are in.</summary>
    private static async Task<Dictionary<(string SchoolId, string InstrumentId), int>> ScoredAsync(Task<(RoundAggregates Aggregates, int Swept)> aggregating) =>
        (await aggregating).Aggregates.Groups.ToDictionary(g => (g.SchoolId, g.InstrumentId), g => g.Respondents);

    /// <summary>One school's responses in submission id order, and how many of them were scored late.</summary>
    private sealed record SchoolResponses(List<StoredResponse> Responses, int Swept);

    /// <summary>
    /// Reads a school's score rows and, with <paramref name="listStored"/>, walks its stored submissions alongside: both
    /// are listed in ordinal order of submission id. A submission with no score row (its scoring message still queued
    /// or lost) is scored and stored (up to <see cref="Parallelism"/> at once across the round), so every acknowledged
    /// answer is counted, and the school's responses are returned in the order a rebuild will read them.
    /// </summary>
    /// <remarks>
    /// Only ids the two listings do not pair up are kept aside. Those are score rows whose submission is not at the same
    /// place among the blobs, which happens when one id is another's prefix: row "a" sorts before "a-1", but blob
    /// "a.json" after "a-1.json". So before a submission is scored late, the rows already read without a partner are
    /// checked for it.
    /// </remarks>
    private async Task<SchoolResponses> ReadSchoolAsync(RoundKey round, string schoolId, bool listStored, SemaphoreSlim lateScorings, CancellationToken cancellationToken)
    {
        var responses = new List<(StoredResponse? Row, Task<StoredResponse?>? Late)>();
        var unpairedRows = new HashSet<string>(StringComparer.Ordinal);
        var listing = listStored ? archive.ListIdsAsync(round, schoolId, cancellationToken).Prefetch(StoredIdsAhead, cancellationToken) : AsyncEnumerable.Empty<string>();
        await using var stored = listing.GetAsyncEnumerator(cancellationToken);
        var hasStored = await stored.MoveNextAsync();

        void ScoreLate(string submissionId)
        {
            if (!unpairedRows.Contains(submissionId))
            {
                responses.Add((null, ScoreLateAsync(round, schoolId, submissionId, lateScorings, cancellationToken)));
            }
        }

        await foreach (var row in scores.ReadSchoolAsync(round, schoolId, cancellationToken).Prefetch(RowsAhead, cancellationToken))
        {
            while (hasStored && string.CompareOrdinal(stored.Current, row.SubmissionId) < 0)
            {
                ScoreLate(stored.Current);
                hasStored = await stored.MoveNextAsync();
            }

            if (hasStored && stored.Current == row.SubmissionId)
            {
                hasStored = await stored.MoveNextAsync();
            }
            else if (listStored)
            {
                unpairedRows.Add(row.SubmissionId);
            }

            responses.Add((row, null));
        }

        for (; hasStored; hasStored = await stored.MoveNextAsync())
        {
            ScoreLate(stored.Current);
        }

        var school = new List<StoredResponse>(responses.Count);
        var swept = 0;
        foreach (var (row, late) in responses)
        {
            if (row is not null)
            {
                school.Add(row);
            }
            else if (await late! is { } scored)
            {
                school.Add(scored);
                swept++;
            }
        }

        // In submission id order, as a rebuild reads the rows: a late one is found by the blob listing, whose order
        // differs from the rows' where one id is another's prefix, and sums depend on the order of their terms.
        school.Sort((x, y) => string.CompareOrdinal(x.SubmissionId, y.SubmissionId));
        return new SchoolResponses(school, swept);
    }

    private async Task<StoredResponse?> ScoreLateAsync(RoundKey round, string schoolId, string submissionId, SemaphoreSlim lateScorings, CancellationToken cancellationToken)
    {
        await lateScorings.WaitAsync(cancellationToken);
        try
        {
            return await ScoreAsync(round, schoolId, submissionId, cancellationToken);
        }
        finally
        {
            lateScorings.Release();
        }
    }

    /// <summary>Scores a stored submission and stores its score row, as ScoreSubmission would have; null when it is gone or its instrument unknown.</summary>
    private async Task<StoredResponse?> ScoreAsync(RoundKey round, string schoolId, string submissionId, CancellationToken cancellationToken)
    {
        if (await archive.GetAsync(round, schoolId, submissionId, cancellationToken) is not { Submission: var submission } || catalog.Find(submission.InstrumentId, submission.InstrumentVersion) is not { } instrument)
        {
            return null;
        }

        var plan = plans.For(instrument);
        var answers = plan.ToAnswerBytes(submission);
        await scores.UpsertAsync(submission, answers, plan.Score(submission), cancellationToken);
        return new StoredResponse(submission.SubmissionId, submission.SchoolId, submission.InstrumentId, submission.InstrumentVersion, answers)
        {
            OpenText = submission.OpenText,
            Role = submission.Role,
        };
    }

    /// <summary>Trend data of the network's earlier rounds that have been profiled, oldest first.</summary>
    private async Task<List<TrendData>> HistoryAsync(Round round, CancellationToken cancellationToken)
    {
        var history = new List<TrendData>();
        var earlier = await rounds.ListAsync(round.NetworkId, cancellationToken).Where(r => r.Id != round.Id && r.OpensAt < round.OpensAt && r.State == RoundState.Closed).ToListAsync(cancellationToken);
        foreach (var previous in earlier.OrderBy(r => r.OpensAt))
        {
            if (await reports.ReadAsync(previous.Key, "aggregates.json", cancellationToken) is { } data)
            {
                history.Add(data.ToObjectFromJson<TrendData>(PipelineJson.Options)!);
            }
        }

        return history;
    }

    private async Task WriteModelAsync(RoundKey round, ModelFiles? model, CancellationToken cancellationToken) =>
        await Task.WhenAll((model?.Files() ?? []).Select(file => reports.WriteModelAsync(round, file.Name, file.Content, file.ContentType, cancellationToken)));

    /// <summary>
    /// Writes a school's (or the network's) files side by side: each is a storage round trip, and at most
    /// <see cref="Parallelism"/> schools' files are in hand at once, so the writes in flight stay bounded.
    /// </summary>
    private async Task WriteAsync(RoundKey round, IEnumerable<ReportFile> files, CancellationToken cancellationToken) =>
        await Task.WhenAll(files.Select(file => reports.WriteAsync(round, file.Name, file.Content, file.ContentType, cancellationToken)));

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested but the round or its network no longer exists, or retention purged it; nothing built")]
    private static partial void LogNotFound(ILogger logger, string roundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested while it is {State}; nothing built")]
    private static partial void LogNotClosed(ILogger logger, string roundId, RoundState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiles of round {RoundId} built from {Responses} responses for {Schools} schools ({Swept} scored late; stored submissions {Listing})")]
    private static partial void LogBuilt(ILogger logger, string roundId, int responses, int schools, int swept, string listing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored submissions of round {RoundId} were to be checked but the round is gone, purged or not closed; nothing checked")]
    private static partial void LogNothingToSweep(ILogger logger, string roundId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored submissions of round {RoundId} checked after its close: every one has its score row")]
    private static partial void LogAllScored(ILogger logger, string roundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: {Swept} stored submissions had no score row after its profiles were built (their scoring messages were lost); scored now, and the profiles are being built again (emails already sent are not sent again)")]
    private static partial void LogSweptAfterClose(ILogger logger, string roundId, int swept);
}
