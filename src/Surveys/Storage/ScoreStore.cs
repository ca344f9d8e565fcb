using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Respondent scores in Table storage: partition = network|round|school, row = submission id. Each row holds the item
/// answers (one hex digit per item, 0 = not answered, f = don't know) and the respondent's stored role group (staff,
/// where known) for aggregation and reliability, its open-text answers (shown only above the open-text floor), and one
/// readable <c>score_&lt;dimension&gt;</c> column per dimension; no time of any kind. Rows are written with upsert of a
/// pure computation, so a retried scoring message rewrites the same row.
/// </summary>
/// <remarks>
/// One partition per school of a round, not one per round: a partition is served by one partition server (about
/// 2,000 entities a second), so a statewide round in one partition is read at that rate whatever the reader does,
/// while partitions per school can be read side by side, and one school's rows (its erasure, a late sweep) are one
/// partition query. Submission ids are random, so the rows of a busy school spread over the partition's key range.
/// </remarks>
public sealed class ScoreStore(StorageAccount account)
{
    private readonly TableClient _table = account.Table(StorageNames.ScoresTable);

    public static string ColumnFor(string dimensionId) => "score_" + dimensionId.Replace('-', '_');

    public async Task UpsertAsync(Submission submission, byte[] answers, RespondentScores scores, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StorageKeys.School(submission.Round, submission.SchoolId), submission.SubmissionId)
        {
            ["SchoolId"] = submission.SchoolId,
            ["InstrumentId"] = submission.InstrumentId,
            ["InstrumentVersion"] = submission.InstrumentVersion,
            ["Language"] = submission.Language,
            ["Answers"] = EncodeAnswers(answers),
        };
        if (submission.Role is { } role)
        {
            entity["Role"] = role;
        }

        if (submission.OpenText.Count > 0)
        {
            entity["OpenText"] = System.Text.Json.JsonSerializer.Serialize(submission.OpenText, PipelineJson.Options);
        }

        for (var d = 0; d < scores.DimensionIds.Count; d++)
        {
            if (scores.Scores[d].Score is { } score)
            {
                entity[ColumnFor(scores.DimensionIds[d])] = score;
            }
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<TableEntity?> GetAsync(RoundKey round, string schoolId, string submissionId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.School(round, schoolId), submissionId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Every scored response of one school in a round, streamed page by page in submission id (ordinal) order.</summary>
    public async IAsyncEnumerable<StoredResponse> ReadSchoolAsync(RoundKey round, string schoolId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = StorageKeys.School(round, schoolId);
        var rows = _table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition,
            maxPerPage: 1000,
            select: ["RowKey", "SchoolId", "InstrumentId", "InstrumentVersion", "Answers", "OpenText", "Role"],
            cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            yield return ToResponse(row);
        }
    }

    /// <summary>Every scored response of a round, school after school (a scan over the round's partitions, for erasure and checks).</summary>
    public async IAsyncEnumerable<StoredResponse> ReadRoundAsync(RoundKey round, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = _table.QueryAsync<TableEntity>(
            StorageKeys.SchoolPartitionsFilter(round),
            maxPerPage: 1000,
            select: ["RowKey", "SchoolId", "InstrumentId", "InstrumentVersion", "Answers", "OpenText", "Role"],
            cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            yield return ToResponse(row);
        }
    }

    /// <summary>Scored responses of a round by (school, instrument), over the given schools' partitions, read side by side.</summary>
    public async Task<Dictionary<(string SchoolId, string InstrumentId), int>> CountAsync(RoundKey round, IEnumerable<string> schoolIds, CancellationToken cancellationToken)
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), int>();
        await Parallel.ForEachAsync(schoolIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (school, ct) =>
        {
            var partition = StorageKeys.School(round, school);
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["InstrumentId"], cancellationToken: ct))
            {
                counts.AddOrUpdate((school, row.GetString("InstrumentId")), 1, (_, n) => n + 1);
            }
        });
        return new Dictionary<(string SchoolId, string InstrumentId), int>(counts);
    }

    public static string EncodeAnswers(ReadOnlySpan<byte> answers) => string.Create(answers.Length, answers.ToArray(), static (chars, bytes) =>
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = "0123456789abcdef"[bytes[i]];
        }
    });

    public static byte[] DecodeAnswers(string encoded) =>
        [.. encoded.Select(c => (byte)(c <= '9' ? c - '0' : c - 'a' + 10))];

    private static StoredResponse ToResponse(TableEntity row) => new(
        row.RowKey,
        row.GetString("SchoolId"),
        row.GetString("InstrumentId"),
        row.GetInt32("InstrumentVersion") ?? 0,
        DecodeAnswers(row.GetString("Answers")))
    {
        OpenText = row.GetString("OpenText") is { } text
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(text, PipelineJson.Options) ?? []
            : new Dictionary<string, string>(),
        Role = row.GetString("Role"),
    };
}
