using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Respondent scores in Table storage: partition = round, row = submission id. Each row holds the item answers
/// (one hex digit per item, 0 = not answered, f = don't know) and the respondent's stored role group (staff, where
/// known) for aggregation and reliability, its open-text answers (shown only
/// above the open-text floor), and one readable
/// <c>score_&lt;dimension&gt;</c> column per dimension. Rows are written with upsert of a pure computation,
/// so a retried scoring message rewrites the same row.
/// </summary>
public sealed class ScoreStore(StorageAccount account)
{
    private readonly TableClient _table = account.Table(StorageNames.ScoresTable);

    public static string ColumnFor(string dimensionId) => "score_" + dimensionId.Replace('-', '_');

    public async Task UpsertAsync(Submission submission, byte[] answers, RespondentScores scores, DateTimeOffset scoredAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(submission.RoundId, submission.SubmissionId)
        {
            ["SchoolId"] = submission.SchoolId,
            ["InstrumentId"] = submission.InstrumentId,
            ["InstrumentVersion"] = submission.InstrumentVersion,
            ["Language"] = submission.Language,
            ["Answers"] = EncodeAnswers(answers),
            ["ScoredAt"] = scoredAt,
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

    public async Task<TableEntity?> GetAsync(string roundId, string submissionId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(roundId, submissionId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Every scored response of a round, streamed page by page.</summary>
    public async IAsyncEnumerable<StoredResponse> ReadRoundAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = _table.QueryAsync<TableEntity>(
            e => e.PartitionKey == roundId,
            maxPerPage: 1000,
            select: ["RowKey", "SchoolId", "InstrumentId", "InstrumentVersion", "Answers", "OpenText", "Role"],
            cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            yield return new StoredResponse(
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
    }

    /// <summary>Submission ids of a round's score rows, in row-key (ordinal) order.</summary>
    public async IAsyncEnumerable<string> ListIdsAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    /// <summary>Scored responses of a round by (school, instrument).</summary>
    public async Task<Dictionary<(string SchoolId, string InstrumentId), int>> CountAsync(string roundId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, string), int>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == roundId, select: ["SchoolId", "InstrumentId"], cancellationToken: cancellationToken))
        {
            var key = (row.GetString("SchoolId"), row.GetString("InstrumentId"));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
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
}
