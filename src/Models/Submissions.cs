using System.Text.Json.Serialization;

namespace ReadinessPipeline.Models;

/// <summary>
/// One person's answers to one instrument in one round, exactly as stored in Blob storage.
/// It carries no token and no person: a confidential completion is recorded elsewhere. It keeps only the day it
/// arrived (UTC), never the time: a time of day could be matched with when a person's link was used.
/// </summary>
public sealed record Submission(
    string SubmissionId,
    string RoundId,
    string NetworkId,
    string SchoolId,
    string InstrumentId,
    int InstrumentVersion,
    string Language,
    DateOnly ReceivedOn,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string> OpenText)
{
    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);

    /// <summary>Items answered "don't know" (only items that offer it); they are not in <see cref="Answers"/>.</summary>
    public IReadOnlyList<string> DontKnow { get; init; } = [];

    /// <summary>
    /// The respondent's staff role group as it may be stored (see <c>RoleGroups</c>): from the roster for a personal
    /// link, or from the optional role question on an anonymous staff link; null when not known or not asked.
    /// </summary>
    public string? Role { get; init; }
}

/// <summary>What a respondent is given back once their submission is durable.</summary>
public sealed record Receipt(string ReceiptId, string SubmissionId, DateOnly ReceivedOn);
