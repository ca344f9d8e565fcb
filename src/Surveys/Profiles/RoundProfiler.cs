using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>A round's aggregates as kept for later rounds (change since last round, trends, stable profiles); no answers, no comments.</summary>
public sealed record TrendData(string RoundId, DateTimeOffset OpensAt, IReadOnlyList<GroupAggregate> Groups)
{
    /// <summary>The round's name, for trend charts (absent in files written before it was kept: the id is shown instead).</summary>
    public string? Name { get; init; }
}

/// <summary>Message asking SendReport to email one school's report (or, with <see cref="Target"/> "network", the coaches' summary).</summary>
public sealed record SendReportMessage(string NetworkId, string RoundId, string Target, string? Resend = null) : IRoundMessage
{
    public string? SchoolScope => Target;
}

/// <summary>
/// Builds a closed round's profiles (BuildProfiles): aggregates every response in one streaming pass over the round's
/// score rows, scoring on the way any stored submission that was never scored; clusters schools (with the network's
/// earlier rounds, so profiles are stable) and staff into personas; builds the suppressed reports and writes every file
/// to Blob storage; queues one SendReport per school and one for the coaches; and marks the round Closed. Everything
/// is a pure function of stored data with fixed seeds, so a re-run writes the same bytes, and the delivery ledger
/// keeps it from sending anything twice.
/// </summary>
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
    PrivacyFloors floors,
    TimeProvider clock,
    ILogger<RoundProfiler> logger)
{
    /// <summary>
    /// Schools whose report files are rendered and written at once (and SendReport messages in flight). Rendering is
    /// CPU work and each write is a storage round trip, so several in flight keep the cores busy while writes wait,
    /// and only this many schools' files are held in memory, however large the network.
    /// </summary>
    public const int Parallelism = 8;

    // How far the two listings of the aggregation pass are read ahead: two pages each (a blob listing page holds up
    // to 5,000 names, a table query page 1,000 rows), so both services are busy at once and memory stays small.
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
        if (round is null || network is null)
        {
            // Erased on request after the message was queued: there is nothing to build.
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

        var (current, swept) = await AggregateAsync(round.Id, cancellationToken);
        var history = await HistoryAsync(round, cancellationToken);
        var previous = history.LastOrDefault();

        var profiles = ProfileEngine.ProfileSchools(round, framework, instruments, current, history, floors);
        await WriteModelAsync(round.Id, profiles.Model, cancellationToken);
        var personas = ProfileEngine.Personas(current);
        await WriteModelAsync(round.Id, personas.Model, cancellationToken);

        // Response rates count scored responses per school and instrument: the aggregates just counted every score
        // row, so the status does not read the Scores table a second time.
        var scored = current.Groups.ToDictionary(g => (g.SchoolId, g.InstrumentId), g => g.Respondents);
        var inputs = new ProfileInputs(
            network,
            round,
            framework,
            instruments,
            schools,
            current,
            previous is null ? null : new RoundAggregates(previous.Groups, [], [], [], [], [], 0),
            await status.ReadAsync(round.NetworkId, round.Id, scored, cancellationToken),
            profiles.Assignments,
            profiles.Note,
            personas.Counts,
            floors)
        {
            History = history,
        };

        await WriteAsync(round.Id, [ProfileEngine.JsonFile("aggregates.json", new TrendData(round.Id, round.OpensAt, current.Groups) { Name = round.Name })], cancellationToken);
        await Task.WhenAll(
            Task.Run(async () => await WriteAsync(round.Id, await ProfileEngine.NetworkFilesAsync(inputs, renderer), cancellationToken), cancellationToken),
            Parallel.ForEachAsync(schools, Options(cancellationToken), async (school, ct) =>
                await WriteAsync(round.Id, await ProfileEngine.SchoolFilesAsync(inputs, school, renderer), ct)));

        // Only once every file is stored: SendReport reads them.
        await Parallel.ForEachAsync(schools, Options(cancellationToken), async (school, ct) =>
            await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.SchoolTarget(school.Id)), ct));
        await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.NetworkTarget), cancellationToken);
        await lifecycle.MarkClosedAsync(round.NetworkId, round.Id, cancellationToken);
        LogBuilt(logger, round.Id, current.Responses, schools.Count, swept);
        return true;
    }

    /// <summary>
    /// Reads every score row of the round once, aggregating as it streams, and walks the round's stored submissions
    /// alongside: both are listed in ordinal order of submission id. A submission with no score row (its scoring
    /// message still queued or lost, or accepted as the round closed) is scored, stored and aggregated where its row
    /// would have been read, so every acknowledged answer is counted, in the order a rebuild will read it (the
    /// aggregates, and so the report bytes, do not depend on whether it was scored late).
    /// </summary>
    /// <remarks>
    /// Both listings are read ahead (<see cref="ReadAhead.Prefetch"/>), so their pages are fetched at the same time,
    /// and late submissions are scored several at a time (<see cref="InOrderAggregator"/>).
    /// Memory stays flat however many submissions the round has: only ids the two listings do not pair up are kept.
    /// Those are score rows whose submission is not at the same place among the blobs, which happens when one id
    /// is another's prefix: row "a" sorts before "a-1", but blob "a.json" after "a-1.json". So before a submission
    /// is scored late, the rows already read without a partner are checked for it.
    /// </remarks>
    private async Task<(RoundAggregates Aggregates, int Swept)> AggregateAsync(string roundId, CancellationToken cancellationToken)
    {
        var aggregator = new InOrderAggregator(new RoundAggregator(catalog.Find, plans));
        var unpairedRows = new HashSet<string>(StringComparer.Ordinal);
        await using var stored = archive.ListIdsAsync(roundId, cancellationToken).Prefetch(StoredIdsAhead, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasStored = await stored.MoveNextAsync();

        async ValueTask ScoreLateAsync(string submissionId)
        {
            if (!unpairedRows.Contains(submissionId))
            {
                await aggregator.AddLateAsync(ScoreAsync(roundId, submissionId, cancellationToken));
            }
        }

        await foreach (var row in scores.ReadRoundAsync(roundId, cancellationToken).Prefetch(RowsAhead, cancellationToken))
        {
            while (hasStored && string.CompareOrdinal(stored.Current, row.SubmissionId) < 0)
            {
                await ScoreLateAsync(stored.Current);
                hasStored = await stored.MoveNextAsync();
            }

            if (hasStored && stored.Current == row.SubmissionId)
            {
                hasStored = await stored.MoveNextAsync();
            }
            else
            {
                unpairedRows.Add(row.SubmissionId);
            }

            await aggregator.AddAsync(row);
        }

        for (; hasStored; hasStored = await stored.MoveNextAsync())
        {
            await ScoreLateAsync(stored.Current);
        }

        await aggregator.CompleteAsync();
        return (aggregator.Aggregator.Result(), aggregator.Swept);
    }

    /// <summary>Scores a stored submission and stores its score row, as ScoreSubmission would have; null when it is gone or its instrument unknown.</summary>
    private async Task<StoredResponse?> ScoreAsync(string roundId, string submissionId, CancellationToken cancellationToken)
    {
        if (await archive.GetAsync(roundId, submissionId, cancellationToken) is not { } submission || catalog.Find(submission.InstrumentId, submission.InstrumentVersion) is not { } instrument)
        {
            return null;
        }

        var plan = plans.For(instrument);
        var answers = plan.ToAnswerBytes(submission);
        await scores.UpsertAsync(submission, answers, plan.Score(submission), clock.GetUtcNow(), cancellationToken);
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
            if (await reports.ReadAsync(previous.Id, "aggregates.json", cancellationToken) is { } data)
            {
                history.Add(data.ToObjectFromJson<TrendData>(PipelineJson.Options)!);
            }
        }

        return history;
    }

    private async Task WriteModelAsync(string roundId, ModelFiles? model, CancellationToken cancellationToken)
    {
        foreach (var file in model?.Files() ?? [])
        {
            await reports.WriteModelAsync(roundId, file.Name, file.Content, file.ContentType, cancellationToken);
        }
    }

    private async Task WriteAsync(string roundId, IEnumerable<ReportFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await reports.WriteAsync(roundId, file.Name, file.Content, file.ContentType, cancellationToken);
        }
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    /// <summary>
    /// Feeds a <see cref="RoundAggregator"/> in the order responses are given while late scorings (a blob read, a
    /// score, a row write each) run at the same time, up to <see cref="Parallelism"/> of them: a row given after a
    /// late submission waits until that one is scored. Sequentially, 330 late submissions of 33,000 took 15 s on
    /// Azurite. The aggregates do not depend on the timing, and at most <see cref="MaxWaiting"/> responses wait.
    /// </summary>
    private sealed class InOrderAggregator(RoundAggregator aggregator)
    {
        private const int MaxWaiting = 10_000;
        private readonly Queue<(StoredResponse? Row, Task<StoredResponse?>? Late)> _waiting = new();
        private int _late;

        public RoundAggregator Aggregator => aggregator;

        /// <summary>Late submissions scored and added.</summary>
        public int Swept { get; private set; }

        public ValueTask AddAsync(StoredResponse row)
        {
            _waiting.Enqueue((row, null));
            return AddReadyAsync(Parallelism, MaxWaiting);
        }

        public ValueTask AddLateAsync(Task<StoredResponse?> scoring)
        {
            _waiting.Enqueue((null, scoring));
            _late++;
            return AddReadyAsync(Parallelism, MaxWaiting);
        }

        public ValueTask CompleteAsync() => AddReadyAsync(0, 0);

        /// <summary>Adds responses from the front for as long as they are ready, or waits for them while more than the given numbers are in flight.</summary>
        private async ValueTask AddReadyAsync(int lateInFlight, int waiting)
        {
            while (_waiting.TryPeek(out var next) && (next.Late is null || next.Late.IsCompleted || _late > lateInFlight || _waiting.Count > waiting))
            {
                _waiting.Dequeue();
                if (next.Late is null)
                {
                    aggregator.Add(next.Row!);
                    continue;
                }

                _late--;
                if (await next.Late is { } response)
                {
                    aggregator.Add(response);
                    Swept++;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested but the round or its network no longer exists; nothing built")]
    private static partial void LogNotFound(ILogger logger, string roundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested while it is {State}; nothing built")]
    private static partial void LogNotClosed(ILogger logger, string roundId, RoundState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiles of round {RoundId} built from {Responses} responses for {Schools} schools ({Swept} scored late)")]
    private static partial void LogBuilt(ILogger logger, string roundId, int responses, int schools, int swept);
}
