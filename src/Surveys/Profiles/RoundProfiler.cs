using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>A round's aggregates as kept for later rounds (change since last round, stable profiles); no answers, no comments.</summary>
public sealed record TrendData(string RoundId, DateTimeOffset OpensAt, IReadOnlyList<GroupAggregate> Groups);

/// <summary>Message asking SendReport to email one school's report (or, with <see cref="Target"/> "network", the coaches' summary).</summary>
public sealed record SendReportMessage(string NetworkId, string RoundId, string Target, string? Resend = null) : IRoundMessage
{
    public string? SchoolScope => Target;
}

/// <summary>
/// Builds a closed round's profiles (BuildProfiles): scores any stored submission that was never scored, aggregates
/// every response in one streaming pass, clusters schools (with the network's earlier rounds, so profiles are stable)
/// and staff into personas, builds the suppressed reports, writes every file to Blob storage, queues one SendReport
/// per school and one for the coaches, and marks the round Closed. Everything is a pure function of stored data with
/// fixed seeds, so a re-run writes the same bytes, and the delivery ledger keeps it from sending anything twice.
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
    private static readonly JsonSerializerOptions Json = new(PipelineJson.Options) { WriteIndented = true };

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

        var schools = (await networks.ListSchoolsAsync(round.NetworkId, cancellationToken))
            .Where(s => round.SchoolIds.Count == 0 || round.SchoolIds.Contains(s.Id))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var instruments = round.Instruments.Select(i => catalog.Find(i.InstrumentId, i.InstrumentVersion)!).ToList();
        var framework = catalog.Framework(instruments[0].FrameworkId);

        var swept = await ScoreUnscoredAsync(round.Id, cancellationToken);
        var aggregator = new RoundAggregator(catalog.Find, plans);
        await foreach (var response in scores.ReadRoundAsync(round.Id, cancellationToken))
        {
            aggregator.Add(response);
        }

        var current = aggregator.Result();
        var history = await HistoryAsync(round, cancellationToken);
        var previous = history.LastOrDefault();

        var (profiles, profileNote) = await ProfileSchoolsAsync(round, framework, instruments, current, history, schools, cancellationToken);
        var personas = await PersonasAsync(round, framework, current, cancellationToken);
        var inputs = new ProfileInputs(
            network,
            round,
            framework,
            instruments,
            schools,
            current,
            previous is null ? null : new RoundAggregates(previous.Groups, [], [], [], [], [], 0),
            await status.ReadAsync(round.NetworkId, round.Id, cancellationToken),
            profiles,
            profileNote,
            personas,
            floors);

        await WriteJsonAsync(round.Id, "aggregates.json", new TrendData(round.Id, round.OpensAt, current.Groups), cancellationToken);
        foreach (var school in schools)
        {
            var report = ProfileBuilder.School(inputs, school);
            var radar = ReportCharts.Radar(report, framework);
            var folder = ReportStore.SchoolTarget(school.Id);
            await WriteJsonAsync(round.Id, $"{folder}/report.json", report, cancellationToken);
            await reports.WriteAsync(round.Id, $"{folder}/report.html", BinaryData.FromString(await renderer.SchoolPageAsync(report, radar)), "text/html; charset=utf-8", cancellationToken);
            await reports.WriteAsync(round.Id, $"{folder}/scores.csv", new BinaryData(ReportRenderer.SchoolCsv(report)), "text/csv", cancellationToken);
            if (radar is not null)
            {
                await reports.WriteAsync(round.Id, $"{folder}/radar.png", new BinaryData(radar), "image/png", cancellationToken);
            }
        }

        var summary = ProfileBuilder.Network(inputs);
        var heatmap = ReportCharts.Heatmap(summary);
        await WriteJsonAsync(round.Id, $"{ReportStore.NetworkTarget}/report.json", summary, cancellationToken);
        await reports.WriteAsync(round.Id, $"{ReportStore.NetworkTarget}/report.html", BinaryData.FromString(await renderer.NetworkPageAsync(summary, heatmap)), "text/html; charset=utf-8", cancellationToken);
        await reports.WriteAsync(round.Id, $"{ReportStore.NetworkTarget}/schools.csv", new BinaryData(ReportRenderer.NetworkCsv(summary)), "text/csv", cancellationToken);
        if (heatmap is not null)
        {
            await reports.WriteAsync(round.Id, $"{ReportStore.NetworkTarget}/heatmap.png", new BinaryData(heatmap), "image/png", cancellationToken);
        }

        foreach (var school in schools)
        {
            await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.SchoolTarget(school.Id)), cancellationToken);
        }

        await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.Id, ReportStore.NetworkTarget), cancellationToken);
        await lifecycle.MarkClosedAsync(round.NetworkId, round.Id, cancellationToken);
        LogBuilt(logger, round.Id, current.Responses, schools.Count, swept);
        return true;
    }

    /// <summary>
    /// Scores submissions that are stored but have no score row (a scoring message still queued or lost, or a submission
    /// accepted as the round closed), so every acknowledged answer is counted.
    /// </summary>
    private async Task<int> ScoreUnscoredAsync(string roundId, CancellationToken cancellationToken)
    {
        // Blob names and score row keys are both listed in ordinal order of submission id: walk them side by side,
        // so memory stays flat however many submissions the round has.
        var swept = 0;
        await using var scored = scores.ListIdsAsync(roundId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasScored = await scored.MoveNextAsync();
        await foreach (var id in archive.ListIdsAsync(roundId, cancellationToken))
        {
            while (hasScored && string.CompareOrdinal(scored.Current, id) < 0)
            {
                hasScored = await scored.MoveNextAsync();
            }

            if (hasScored && scored.Current == id)
            {
                continue;
            }

            if (await archive.GetAsync(roundId, id, cancellationToken) is { } submission && catalog.Find(submission.InstrumentId, submission.InstrumentVersion) is { } instrument)
            {
                var plan = plans.For(instrument);
                await scores.UpsertAsync(submission, plan.ToAnswerBytes(submission.Answers), plan.Score(submission), clock.GetUtcNow(), cancellationToken);
                swept++;
            }
        }

        return swept;
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

    /// <summary>
    /// Clusters schools on their staff means over the ten dimensions, this round's and earlier rounds' together;
    /// schools need the school floor of staff with a score on every dimension. Too few: readiness bands instead.
    /// </summary>
    private async Task<(Dictionary<string, ProfileAssignment> Profiles, string Note)> ProfileSchoolsAsync(
        Round round, Framework framework, List<Instrument> instruments, RoundAggregates current, List<TrendData> history, List<School> schools, CancellationToken cancellationToken)
    {
        var staff = instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        var dimensions = framework.Dimensions;
        var names = dimensions.Select(d => d.Name.In("en")).ToList();
        IEnumerable<(string RoundId, string SchoolId, double[] Vector)> Vectors(string roundId, IEnumerable<GroupAggregate> groups) =>
            groups.Where(g => g.InstrumentId == staff?.Id && g.Respondents >= floors.School)
                .Select(g => (roundId, g.SchoolId, Vector: dimensions.Select(d => g.Find(d.Id) is { N: var n, Mean: { } mean } && n >= floors.School ? mean : double.NaN).ToArray()))
                .Where(v => v.Vector.All(double.IsFinite));

        var rows = history.SelectMany(h => Vectors(h.RoundId, h.Groups)).Concat(Vectors(round.Id, current.Groups)).ToList();
        var thisRound = rows.Select((row, index) => (row, index)).Where(p => p.row.RoundId == round.Id).ToList();
        var profiles = new Dictionary<string, ProfileAssignment>(StringComparer.Ordinal);
        if (staff is null || thisRound.Count == 0)
        {
            return (profiles, "No school had enough staff answers for a readiness profile.");
        }

        var result = KMeansClusterer.ClusterBestK([.. rows.Select(r => r.Vector)], 2, 5);
        await WriteModelAsync(round.Id, "schools", result, ["round_id", "school_id", .. dimensions.Select(d => d.Id)], rows.Select(r => (IEnumerable<string>)[r.RoundId, r.SchoolId, .. r.Vector.Select(Number)]), cancellationToken);
        if (result is not Clustered clustered)
        {
            var reason = $"There were too few schools with enough staff answers to group schools into profiles ({((NotClustered)result).Reason}), so each school's profile is its overall readiness band.";
            foreach (var (row, _) in thisRound)
            {
                profiles[row.SchoolId] = ProfileNaming.BandFallback(framework, row.Vector.Average(), "");
            }

            return (profiles, reason);
        }

        var clusterNames = ClusterNames.NameAll(clustered.Centroids, names, clustered.OverallMeans, ProfileNaming.Levels(framework));
        foreach (var (row, index) in thisRound)
        {
            var cluster = clustered.Assignments[index];
            profiles[row.SchoolId] = new ProfileAssignment(clusterNames[cluster], ProfileNaming.SchoolMeaning(framework, clustered.Centroids[cluster], clustered.OverallMeans, names), true);
        }

        var span = history.Count == 0 ? "this round" : $"this round and {history.Count} earlier round{(history.Count == 1 ? "" : "s")}";
        return (profiles, $"Schools were grouped into {clustered.K} profiles by their staff results over {span} ({rows.Count} school results; k chosen by the highest silhouette, {clustered.Silhouette:0.00}).");
    }

    /// <summary>Staff personas from respondents' ten dimension scores; a school's mix counts its staff per persona.</summary>
    private async Task<PersonaCounts?> PersonasAsync(Round round, Framework framework, RoundAggregates current, CancellationToken cancellationToken)
    {
        var vectors = current.StaffVectors;
        var result = KMeansClusterer.ClusterBestK([.. vectors.Select(v => v.Values)], 2, 5);
        await WriteModelAsync(round.Id, "personas", result, ["school_id", .. current.StaffVectorDimensions], vectors.Select(v => (IEnumerable<string>)[v.SchoolId, .. v.Values.Select(Number)]), cancellationToken);
        if (result is not Clustered clustered)
        {
            return null;
        }

        var names = current.StaffVectorDimensions.Select(id => framework.FindDimension(id)?.Name.In("en") ?? id).ToList();
        var personaNames = ClusterNames.NameAll(clustered.Centroids, names, clustered.OverallMeans, ProfileNaming.PersonaLevels);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (var i = 0; i < vectors.Count; i++)
        {
            if (!counts.TryGetValue(vectors[i].SchoolId, out var perPersona))
            {
                counts[vectors[i].SchoolId] = perPersona = new int[clustered.K];
            }

            perPersona[clustered.Assignments[i]]++;
        }

        return new PersonaCounts(personaNames, [.. clustered.Centroids.Select(c => ProfileNaming.PersonaMeaning(c, clustered.OverallMeans, names))], counts);
    }

    private async Task WriteModelAsync(string roundId, string name, ClusteringResult result, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row).Append('\n');
        }

        await reports.WriteModelAsync(roundId, $"{name}-input.csv", BinaryData.FromString(csv.ToString()), "text/csv", cancellationToken);
        if (result is Clustered clustered)
        {
            await reports.WriteModelAsync(roundId, $"{name}-model.zip", new BinaryData(clustered.Model), "application/zip", cancellationToken);
        }
    }

    private async Task WriteJsonAsync<T>(string roundId, string name, T value, CancellationToken cancellationToken) =>
        await reports.WriteAsync(roundId, name, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(value, Json)), "application/json", cancellationToken);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested but the round or its network no longer exists; nothing built")]
    private static partial void LogNotFound(ILogger logger, string roundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiles of round {RoundId} were requested while it is {State}; nothing built")]
    private static partial void LogNotClosed(ILogger logger, string roundId, RoundState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiles of round {RoundId} built from {Responses} responses for {Schools} schools ({Swept} scored late)")]
    private static partial void LogBuilt(ILogger logger, string roundId, int responses, int schools, int swept);
}
