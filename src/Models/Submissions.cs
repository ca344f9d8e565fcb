namespace ReadinessPipeline.Models;

/// <summary>
/// One person's answers to one instrument in one round, exactly as stored in Blob storage.
/// It carries no token and no person: a confidential completion is recorded elsewhere.
/// </summary>
public sealed record Submission(
    string SubmissionId,
    string RoundId,
    string NetworkId,
    string SchoolId,
    string InstrumentId,
    int InstrumentVersion,
    string Language,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string> OpenText);

/// <summary>What a respondent is given back once their submission is durable.</summary>
public sealed record Receipt(string ReceiptId, string SubmissionId, DateTimeOffset ReceivedAt);
