using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>How long each part of seeding took, and how much it wrote.</summary>
public sealed record SeedResult(TimeSpan Setup, int LedgerRows, TimeSpan Ledger, int Blobs, TimeSpan BlobTime, int ScoreRows, TimeSpan ScoreTime, int Unscored)
{
    public TimeSpan Total => Setup + Ledger + BlobTime + ScoreTime;
}

/// <summary>
/// Writes a <see cref="SyntheticRound"/> into storage the way the product would have left it when the round closed:
/// the network, its schools and the Closing round; the staff invitation ledger and completions (read for response
/// rates); one submission blob per response through <see cref="SubmissionArchive.TryCreateAsync"/>; and one score row
/// per response. Score rows go in entity-group transactions of up to 100 rows of one partition (one school of the round),
/// built with <see cref="ScoreStore"/>'s own column helpers and checked against a row written by
/// <see cref="ScoreStore.UpsertAsync"/> first, so the benchmark reads exactly what the product writes.
/// </summary>
public sealed class RoundSeeder(StorageAccount storage, SyntheticRound round, ScoringPlans plans)
{
    public const int BlobParallelism = 8;
    public const int TableParallelism = 4;
    public const int UpsertParallelism = 16;
    private const int BatchSize = 100;

    /// <summary>
    /// Storage clients for seeding: a transaction of 100 upserts into a partition of 50,000 rows can take Azurite
    /// longer than the app's 20 s network timeout, so seeding waits up to 5 minutes per request.
    /// </summary>
    public static StorageRetry Retry { get; } = StorageRetry.Default with { NetworkTimeout = TimeSpan.FromMinutes(5) };

    private readonly TableClient _scores = storage.Table(StorageNames.ScoresTable);

    /// <summary>Score rows in entity-group transactions of 100 (the default); false: one upsert per row through ScoreStore, 16 in flight.</summary>
    public bool Transactions { get; init; } = true;

    /// <summary>The day every seeded submission arrived: the day before the round closed.</summary>
    private DateOnly ReceivedOn => DateOnly.FromDateTime(round.Round.ClosesAt.UtcDateTime.AddDays(-1));

    /// <summary>True for the responses left without a score row (a share of about <paramref name="percent"/> %, spread evenly; never the first).</summary>
    public static bool LeftUnscored(long index, double percent) => percent > 0 && index % (long)Math.Round(100 / percent) == (long)Math.Round(100 / percent) - 1;

    public async Task<SeedResult> SeedAsync(bool blobs, bool scores, double unscoredPercent, Action<string> progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var networks = new NetworkStore(storage);
        await networks.CreateNetworkAsync(round.Network, cancellationToken);
        await networks.ImportSchoolsAsync(round.Network.Id, round.Schools, cancellationToken);
        await new RoundStore(storage).CreateAsync(round.Round, cancellationToken);
        var setup = stopwatch.Elapsed;

        stopwatch.Restart();
        var ledger = await SeedLedgerAsync(cancellationToken);
        var ledgerTime = stopwatch.Elapsed;

        var (blobCount, blobTime) = blobs ? await SeedBlobsAsync(progress, cancellationToken) : (0, TimeSpan.Zero);
        var (rows, unscored, rowTime) = scores ? await SeedScoresAsync(unscoredPercent, progress, cancellationToken) : (0, 0, TimeSpan.Zero);
        if (unscored > 0)
        {
            // The answers left unscored still have their scoring messages waiting (no trigger runs in the benchmark), as
            // when a close starts before the scorers have caught up: the close then lists the stored submissions.
            var work = new WorkQueue(storage);
            await Parallel.ForEachAsync(round.AllResponses().Where((_, n) => LeftUnscored(n, unscoredPercent)), cancellationToken, async (response, ct) =>
                await work.SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(round.Network.Id, round.Round.Id, response.SchoolId, response.SubmissionId), ct));
        }

        return new SeedResult(setup, ledger, ledgerTime, blobCount, blobTime, rows, rowTime, unscored);
    }

    /// <summary>Staff invitations marked sent (a few more than answered) and one completion per staff respondent.</summary>
    private async Task<int> SeedLedgerAsync(CancellationToken cancellationToken)
    {
        var deliveries = storage.Table(StorageNames.DeliveriesTable);
        var invites = round.Schools.SelectMany(s => Enumerable.Range(0, round.InvitedStaff).Select(p =>
            new TableEntity(StorageKeys.Round(round.Round.Key), new InvitationKey(s.Id, round.Staff.Id, SyntheticRound.StaffKey(p)).RowKey) { ["Status"] = nameof(DeliveryStatus.Sent), ["SentAt"] = round.Round.OpensAt }));
        return await InBatchesAsync(deliveries, invites, cancellationToken) + await SeedCompletionsAsync(cancellationToken);
    }

    /// <summary>One completion per staff respondent of every school, with the store's own keys.</summary>
    public async Task<int> SeedCompletionsAsync(CancellationToken cancellationToken)
    {
        var completed = round.Schools.SelectMany(s => Enumerable.Range(0, round.StaffPerSchool).Select(p =>
            CompletionStore.Entity(round.Round.Key, new Completion(s.Id, round.Staff.Id, SyntheticRound.StaffKey(p)))));
        return await InBatchesAsync(storage.Table(StorageNames.CompletionsTable), completed, cancellationToken);
    }

    private async Task<(int Count, TimeSpan Elapsed)> SeedBlobsAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var archive = new SubmissionArchive(storage);
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        await Parallel.ForEachAsync(round.AllResponses(), new ParallelOptions { MaxDegreeOfParallelism = BlobParallelism, CancellationToken = cancellationToken }, async (response, ct) =>
        {
            if (!await archive.TryCreateAsync(response.ToSubmission(round.Round.Id, round.Network.Id, ReceivedOn), null, ct))
            {
                throw new InvalidOperationException($"Submission {response.SubmissionId} was already stored: the generator repeated an id.");
            }

            if (Interlocked.Increment(ref count) % 5000 == 0)
            {
                progress($"  {count:N0} blobs, {count / stopwatch.Elapsed.TotalSeconds:N0}/s so far");
            }
        });
        return (count, stopwatch.Elapsed);
    }

    /// <summary>Score rows for the given responses (in batches); the first call checks the row shape first.</summary>
    public async Task<TimeSpan> SeedScoreRowsAsync(IReadOnlyList<SyntheticResponse> responses, CancellationToken cancellationToken)
    {
        await VerifyRowShapeAsync(responses[0], cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await InBatchesAsync(_scores, responses.Select(ScoreRow), cancellationToken);
        return stopwatch.Elapsed;
    }

    private async Task<(int Rows, int Unscored, TimeSpan Elapsed)> SeedScoresAsync(double unscoredPercent, Action<string> progress, CancellationToken cancellationToken)
    {
        await VerifyRowShapeAsync(round.AllResponses().First(), cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        long index = -1;
        var unscored = 0;
        var scored = round.AllResponses().Where(_ =>
        {
            var leave = LeftUnscored(++index, unscoredPercent);
            unscored += leave ? 1 : 0;
            return !leave;
        });
        void Progress(int count)
        {
            if (count % 5_000 < BatchSize)
            {
                progress($"  {count:N0} score rows, {count / stopwatch.Elapsed.TotalSeconds:N0}/s so far");
            }
        }

        if (Transactions)
        {
            return (await InBatchesAsync(_scores, scored.Select(ScoreRow), cancellationToken, Progress), unscored, stopwatch.Elapsed);
        }

        // One ScoreStore.UpsertAsync per response, as ScoreSubmission writes them.
        var store = new ScoreStore(storage);
        var written = 0;
        await Parallel.ForEachAsync(scored, new ParallelOptions { MaxDegreeOfParallelism = UpsertParallelism, CancellationToken = cancellationToken }, async (response, ct) =>
        {
            var plan = plans.For(response.Instrument);
            var submission = response.ToSubmission(round.Round.Id, round.Network.Id, ReceivedOn);
            await store.UpsertAsync(submission, response.Answers, plan.Score(submission), ct);
            Progress(Interlocked.Increment(ref written));
        });
        return (written, unscored, stopwatch.Elapsed);
    }

    /// <summary>The score row <see cref="ScoreStore.UpsertAsync"/> writes for this response, built from the same helpers.</summary>
    public TableEntity ScoreRow(SyntheticResponse response)
    {
        var plan = plans.For(response.Instrument);
        var scores = plan.Score(response.Answers);
        var entity = new TableEntity(StorageKeys.School(round.Round.Key, response.SchoolId), response.SubmissionId)
        {
            ["SchoolId"] = response.SchoolId,
            ["InstrumentId"] = response.Instrument.Id,
            ["InstrumentVersion"] = response.Instrument.Version,
            ["Language"] = "en",
            ["Answers"] = ScoreStore.EncodeAnswers(response.Answers),
        };
        if (response.OpenText.Count > 0)
        {
            entity["OpenText"] = JsonSerializer.Serialize(response.OpenText, PipelineJson.Options);
        }

        for (var d = 0; d < plan.DimensionIds.Count; d++)
        {
            if (scores[d].Score is { } score)
            {
                entity[ScoreStore.ColumnFor(plan.DimensionIds[d])] = score;
            }
        }

        return entity;
    }

    /// <summary>Writes one response with the product's own <see cref="ScoreStore.UpsertAsync"/> and checks the batch rows match it.</summary>
    private async Task VerifyRowShapeAsync(SyntheticResponse response, CancellationToken cancellationToken)
    {
        var store = new ScoreStore(storage);
        var plan = plans.For(response.Instrument);
        var submission = response.ToSubmission(round.Round.Id, round.Network.Id, ReceivedOn);
        await store.UpsertAsync(submission, plan.ToAnswerBytes(submission.Answers), plan.Score(submission), cancellationToken);
        var stored = (await store.GetAsync(round.Round.Key, response.SchoolId, response.SubmissionId, cancellationToken))!;
        var mine = ScoreRow(response);
        static IEnumerable<string> Shape(TableEntity e) => e.Where(p => p.Key is not ("odata.etag" or "Timestamp")).Select(p => $"{p.Key}={Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal);
        if (!Shape(stored).SequenceEqual(Shape(mine)))
        {
            throw new InvalidOperationException($"The seeder's score row differs from ScoreStore's:{Environment.NewLine}{string.Join(", ", Shape(stored))}{Environment.NewLine}{string.Join(", ", Shape(mine))}");
        }
    }

    /// <summary>Upserts rows in transactions of up to 100 rows of one partition, several transactions in flight.</summary>
    private static async Task<int> InBatchesAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken, Action<int>? written = null)
    {
        var count = 0;
        await Parallel.ForEachAsync(rows.GroupBy(r => r.PartitionKey).SelectMany(partition => partition.Chunk(BatchSize)), new ParallelOptions { MaxDegreeOfParallelism = TableParallelism, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
            var total = Interlocked.Add(ref count, chunk.Length);
            written?.Invoke(total);
        });
        return count;
    }
}
