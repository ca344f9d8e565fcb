using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>What storage holds for a whole round, across its schools, for tests that check it.</summary>
internal static class RoundData
{
    /// <summary>The ids of every stored submission of the round, in id order.</summary>
    public static async Task<List<string>> SubmissionIdsAsync(this SubmissionArchive archive, RoundKey round) =>
        [.. (await archive.ListRoundAsync(round, CancellationToken.None).ToListAsync()).Select(s => s.SubmissionId).Order(StringComparer.Ordinal)];

    /// <summary>The ids of every score row of the round, in id order.</summary>
    public static async Task<List<string>> ScoredIdsAsync(this ScoreStore scores, RoundKey round) =>
        [.. (await scores.ReadRoundAsync(round, CancellationToken.None).ToListAsync()).Select(r => r.SubmissionId).Order(StringComparer.Ordinal)];

    /// <summary>How many score rows the round has.</summary>
    public static async Task<int> CountScoredAsync(this ScoreStore scores, RoundKey round) =>
        await scores.ReadRoundAsync(round, CancellationToken.None).CountAsync();
}
