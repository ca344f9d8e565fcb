using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.ScoreSubmission;

/// <summary>
/// Queue <c>score-submission</c>: scores one stored submission into respondent dimension scores in Table storage.
/// Idempotent: the row is an upsert of a pure computation, so a retried message writes the same row.
/// </summary>
public sealed partial class ScoreSubmission(Catalog catalog, ScoringPlans plans, SubmissionArchive archive, ScoreStore scores, ILogger<ScoreSubmission> logger)
{
    [Function(nameof(ScoreSubmission))]
    public async Task Run([QueueTrigger(StorageNames.ScoreQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<ScoreSubmissionMessage>(message);
        using var scope = context.BeginRoundScope(request);
        var submission = (await archive.GetAsync(request.Round, request.SchoolId, request.SubmissionId, context.CancellationToken))?.Submission;
        if (submission is null)
        {
            // Deleted on request (or retention) after it was queued: there is nothing left to score.
            Gone(logger, request.SubmissionId, request.RoundId);
            return;
        }

        var instrument = catalog.Find(submission.InstrumentId, submission.InstrumentVersion)
            ?? throw new InvalidOperationException($"Instrument {submission.InstrumentId}@{submission.InstrumentVersion} is not in the catalog.");
        var plan = plans.For(instrument);
        var answers = plan.ToAnswerBytes(submission);
        await scores.UpsertAsync(submission, answers, plan.Score(submission), context.CancellationToken);
        PipelineTelemetry.SubmissionsScored.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Instrument, submission.InstrumentId));
    }

    [LoggerMessage(LogLevel.Information, "Submission {SubmissionId} of round {RoundId} no longer exists; nothing to score")]
    private static partial void Gone(ILogger logger, string submissionId, string roundId);
}
