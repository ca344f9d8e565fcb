using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>
/// The local trigger runner keeps the real host's queue semantics: delete on success, release for another try on
/// failure, move to &lt;queue&gt;-poison on the maxDequeueCount-th failure, and poison a message handed out more
/// often than that without invoking anything.
/// </summary>
public class LocalTriggerRunnerTests(LocalTriggerRunnerTests.ManualRunnerApp app) : IClassFixture<LocalTriggerRunnerTests.ManualRunnerApp>
{
    [Fact]
    public async Task A_message_that_always_fails_lands_in_the_poison_queue_after_maxDequeueCount_attempts()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var ghost = new Submission(Guid.NewGuid().ToString(), round.Round.Id, round.Round.NetworkId, "school-a", "retired-instrument", 9, "en", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime),
            new Dictionary<string, int> { ["x"] = 1 }, new Dictionary<string, string>());
        await app.Service<SubmissionArchive>().TryCreateAsync(ghost, null, CancellationToken.None);
        var message = new ScoreSubmissionMessage(round.Round.NetworkId, round.Round.Id, "school-a", ghost.SubmissionId);

        await using var runner = await app.StartRunnerAsync();
        await app.Service<WorkQueue>().SendAsync(StorageNames.ScoreQueue, message, CancellationToken.None);

        var poison = app.Storage.Queue(StorageNames.ScoreQueue + "-poison");
        await AppFixture.EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(ghost.SubmissionId, StringComparison.Ordinal)), because: "the poison message");
        var attempts = app.Logs.Entries
            .Where(e => e.Level == LogLevel.Error && e.Message.StartsWith("ScoreSubmission failed", StringComparison.Ordinal) && e.Exception!.Message.Contains("retired-instrument", StringComparison.Ordinal))
            .Select(e => e.State.First(kv => kv.Key == "DequeueCount").Value)
            .ToList();
        Assert.Equal([1, 2, 3], attempts.Cast<int>().Order());
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("moves to score-submission-poison", StringComparison.Ordinal));
        Assert.DoesNotContain((await app.Storage.Queue(StorageNames.ScoreQueue).PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(ghost.SubmissionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_already_handed_out_more_than_maxDequeueCount_times_is_poisoned_without_running()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var submission = new Submission(Guid.NewGuid().ToString(), round.Round.Id, round.Round.NetworkId, "school-a", "student-sel-3-5", 1, "en", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime),
            new Dictionary<string, int> { ["competency-1"] = 4 }, new Dictionary<string, string>());
        await app.Service<SubmissionArchive>().TryCreateAsync(submission, null, CancellationToken.None);
        var queue = app.Storage.Queue(StorageNames.ScoreQueue);
        await app.Service<WorkQueue>().SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(round.Round.NetworkId, round.Round.Id, "school-a", submission.SubmissionId), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            // Each receive hands the message out once more, as a crashed worker would.
            var received = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        await using var runner = await app.StartRunnerAsync();

        var poison = app.Storage.Queue(StorageNames.ScoreQueue + "-poison");
        await AppFixture.EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(submission.SubmissionId, StringComparison.Ordinal)), because: "the poison message");
        Assert.Null(await app.Service<ScoreStore>().GetAsync(round.Round.Key, "school-a", submission.SubmissionId, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_message_is_released_and_succeeds_on_a_later_attempt()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var submission = new Submission(Guid.NewGuid().ToString(), round.Round.Id, round.Round.NetworkId, "school-a", "student-sel-3-5", 1, "en", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime),
            new Dictionary<string, int> { ["competency-1"] = 4, ["competency-2"] = 5 }, new Dictionary<string, string>());
        await app.Service<SubmissionArchive>().TryCreateAsync(submission, null, CancellationToken.None);

        // Scoring fails while the Scores table is missing, then succeeds once it is back. With no wait between attempts,
        // a busy machine can fail several before the table is back: enough attempts that the message is not given up.
        await app.Storage.Tables.DeleteTableAsync(StorageNames.ScoresTable);
        await using var runner = await app.StartRunnerAsync(attempts: 50);
        await app.Service<WorkQueue>().SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(round.Round.NetworkId, round.Round.Id, "school-a", submission.SubmissionId), CancellationToken.None);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.StartsWith("ScoreSubmission failed", StringComparison.Ordinal))), because: "a first failure");
        await app.Storage.Tables.CreateTableIfNotExistsAsync(StorageNames.ScoresTable);

        var scores = app.Service<ScoreStore>();
        await AppFixture.EventuallyAsync(async () => await scores.GetAsync(round.Round.Key, "school-a", submission.SubmissionId, CancellationToken.None) is not null, because: "the score after a retry");
        Assert.Equal(4.5, (await scores.GetAsync(round.Round.Key, "school-a", submission.SubmissionId, CancellationToken.None))!.GetDouble("score_competency"));
    }

    [Fact]
    public async Task Timer_functions_run_on_their_NCrontab_schedule()
    {
        var before = app.Logs.Entries.Count(e => e.Message.StartsWith("RoundClock succeeded", StringComparison.Ordinal));

        await using var runner = await app.StartRunnerAsync(runTimers: true, schedules: new() { ["RoundClock"] = "*/1 * * * * *" });

        await AppFixture.EventuallyAsync(
            () => Task.FromResult(app.Logs.Entries.Count(e => e.Message.StartsWith("RoundClock succeeded", StringComparison.Ordinal)) >= before + 2),
            timeout: TimeSpan.FromSeconds(10),
            because: "two runs of a once-a-second schedule");
    }

    /// <summary>
    /// The app without its own runner; each test starts one over a copy of the app folder whose host.json retries
    /// fast (visibilityTimeout 0) and gives up after <c>attempts</c> (3 unless a test needs more room).
    /// </summary>
    public sealed class ManualRunnerApp : AppFixture
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["LocalTriggers:Enabled"] = "false";

        public async Task<RunningRunner> StartRunnerAsync(bool runTimers = false, Dictionary<string, string>? schedules = null, int attempts = 3)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "runner-" + Guid.NewGuid().ToString("N"))).FullName;
            var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, FunctionIndex.MetadataFile)))!.AsArray();
            foreach (var function in metadata)
            {
                if (schedules?.GetValueOrDefault(function!["name"]!.GetValue<string>()) is { } schedule)
                {
                    function["bindings"]![0]!["schedule"] = schedule;
                }
            }

            File.WriteAllText(Path.Combine(folder, FunctionIndex.MetadataFile), metadata.ToJsonString());

            var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
            host["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:00";
            host["extensions"]!["queues"]!["maxDequeueCount"] = attempts;
            host["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.200";
            File.WriteAllText(Path.Combine(folder, "host.json"), host.ToJsonString());

            var options = Options.Create(new LocalTriggerOptions { AppDirectory = folder, ProcessingLease = TimeSpan.FromSeconds(5), RunTimers = runTimers });
            var runner = ActivatorUtilities.CreateInstance<LocalTriggerRunner>(App.Services, options);
            await runner.StartAsync(CancellationToken.None);
            return new RunningRunner(runner, folder);
        }
    }

    public sealed class RunningRunner(LocalTriggerRunner runner, string folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await runner.StopAsync(CancellationToken.None);
            runner.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }
}
