namespace ReadinessPipeline.Models;

/// <summary>
/// A respondent's result on one dimension: the mean of their answered items after reverse-coding (null when
/// fewer than half of the dimension's items, rounded up, were answered), and the counts percent favorable needs.
/// </summary>
public readonly record struct DimensionScore(double? Score, int Answered, int Favorable);

/// <summary>A scored submission: one <see cref="DimensionScore"/> per dimension of the instrument, in instrument order.</summary>
public sealed record RespondentScores(
    string SubmissionId,
    string RoundId,
    string SchoolId,
    string InstrumentId,
    int InstrumentVersion,
    IReadOnlyList<string> DimensionIds,
    IReadOnlyList<DimensionScore> Scores);

/// <summary>A scored response as read back for aggregation: its answers, one byte per item (0 = not answered, 15 = don't know), and its comments.</summary>
public sealed record StoredResponse(string SubmissionId, string SchoolId, string InstrumentId, int InstrumentVersion, byte[] Answers)
{
    /// <summary>Open-text answers by prompt id (empty when there are none).</summary>
    public IReadOnlyDictionary<string, string> OpenText { get; init; } = new Dictionary<string, string>();

    /// <summary>The stored staff role group, when there is one (see <see cref="Submission.Role"/>).</summary>
    public string? Role { get; init; }
}
