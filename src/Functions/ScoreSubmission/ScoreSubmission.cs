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
public sealed class ScoreSubmission(Catalog catalog, ScoringPlans plans, SubmissionArchive archive, ScoreStore scores) : IQueueFunction<ScoreSubmissionMessage>
{
    public const string Name = nameof(ScoreSubmission);

    public async Task RunAsync(ScoreSubmissionMessage message, InvocationContext context, CancellationToken cancellationToken)
    {
        var submission = (await archive.GetAsync(message.Round, message.SchoolId, message.SubmissionId, cancellationToken))?.Submission;
        if (submission is null)
        {
            // Deleted on request (or retention) after it was queued: there is nothing left to score.
            context.Logs.Add($"Submission {message.SubmissionId} of round {message.RoundId} no longer exists; nothing to score.");
            return;
        }

        var instrument = catalog.Find(submission.InstrumentId, submission.InstrumentVersion)
            ?? throw new InvalidInvocationException($"Instrument {submission.InstrumentId}@{submission.InstrumentVersion} is not in the catalog.");
        var plan = plans.For(instrument);
        var answers = plan.ToAnswerBytes(submission);
        await scores.UpsertAsync(submission, answers, plan.Score(submission), cancellationToken);
        PipelineTelemetry.SubmissionsScored.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.Tags.Instrument, submission.InstrumentId));
    }
}
