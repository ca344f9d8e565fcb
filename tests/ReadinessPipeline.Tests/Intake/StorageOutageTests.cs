using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Intake;

/// <summary>Storage going away under the intake: callers get 503 and retry; nothing acknowledged is lost, nothing is stored twice.</summary>
public class StorageOutageTests(StorageOutageTests.ProxiedApp app) : IClassFixture<StorageOutageTests.ProxiedApp>
{
    private const string Student = "student-sel-6-12";

    private static object Body(string id) => new
    {
        submissionId = id,
        instrument = Student,
        version = 1,
        answers = new Dictionary<string, int> { ["competency-1"] = 5, ["competency-2"] = 3 },
    };

    [Fact]
    public async Task With_table_storage_down_the_caller_gets_503_and_nothing_is_stored()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        app.Table.Cut();
        try
        {
            var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body(Guid.NewGuid().ToString()));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("storage-unavailable", problem.GetProperty("code").GetString());
            Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            app.Table.Resume();
        }

        Assert.Empty(await app.Direct<SubmissionArchive>(s => new(s)).SubmissionIdsAsync(round.Round.Key));
    }

    [Fact]
    public async Task The_problem_log_of_a_storage_outage_names_the_path_without_the_survey_token()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var token = round.Token("school-a", Student);
        app.Table.Cut();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.PostJsonAsync($"api/surveys/{token}/responses", Body(Guid.NewGuid().ToString()))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Http.GetAsync($"api/surveys/{token}")).StatusCode);
        }
        finally
        {
            app.Table.Resume();
        }

        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith("Storage unavailable for /api/surveys/{token}/responses:", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith("Storage unavailable for /api/surveys/{token}:", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal)
            || e.State.Any(p => p.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_submission_cut_off_between_blob_and_queue_is_completed_by_the_retry_and_scored_once()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var id = Guid.NewGuid().ToString();
        var path = $"api/surveys/{round.Token("school-a", Student)}/responses";

        app.Queue.Cut();
        HttpResponseMessage first;
        try
        {
            first = await app.PostJsonAsync(path, Body(id));
        }
        finally
        {
            app.Queue.Resume();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        var retry = await app.PostJsonAsync(path, Body(id));

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.True((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("repeated").GetBoolean());
        var scores = app.Direct<ScoreStore>(s => new(s));
        await AppFixture.EventuallyAsync(async () => await scores.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None) is not null, because: "the score");
        Assert.Equal([id], await app.Direct<SubmissionArchive>(s => new(s)).SubmissionIdsAsync(round.Round.Key));
        Assert.Equal(4.0, (await scores.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))!.GetDouble("score_competency"));
    }

    [Fact]
    public async Task Submissions_refused_during_an_outage_all_succeed_on_retry()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var path = $"api/surveys/{round.Token("school-a", Student)}/responses";
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString()).ToList();

        app.Blob.Cut();
        var during = await Task.WhenAll(ids.Select(id => app.PostJsonAsync(path, Body(id))));
        app.Blob.Resume();
        var after = await Task.WhenAll(ids.Select(id => app.PostJsonAsync(path, Body(id))));

        Assert.All(during, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(after, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var stored = await app.Direct<SubmissionArchive>(s => new(s)).SubmissionIdsAsync(round.Round.Key);
        Assert.Equal(ids.Order(), stored.Order());
    }

    [Fact]
    public async Task Storage_cut_mid_stream_loses_no_acknowledged_answer_and_scores_each_once()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var path = $"api/surveys/{round.Token("school-a", Student)}/responses";
        var ids = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid().ToString()).ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Once a quarter is acknowledged the clients hold their next answer until storage is cut, so the cut always
        // lands mid-stream however fast the machine is.
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Four clients send their share one by one and retry a refused answer the way the survey page does.
        async Task ClientAsync(IEnumerable<string> mine)
        {
            foreach (var id in mine)
            {
                if (acknowledged.Count >= 15)
                {
                    await cut.Task;
                }

                while (true)
                {
                    var response = await app.PostJsonAsync(path, Body(id));
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        acknowledged.Add(id);
                        break;
                    }

                    await Task.Delay(50);
                }
            }
        }

        var clients = Task.WhenAll(ids.Chunk(15).Select(ClientAsync));
        await AppFixture.EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 15), because: "a quarter of the stream");
        app.Blob.Cut();
        app.Queue.Cut();
        app.Table.Cut();
        cut.SetResult();

        // Every client is turned away while storage is cut (503), then the cut ends.
        await AppFixture.EventuallyAsync(() => Task.FromResult(statuses.Count(s => s == HttpStatusCode.ServiceUnavailable) >= 4), because: "each client refused during the cut");
        var acknowledgedDuringCut = acknowledged.Count;
        app.Blob.Resume();
        app.Queue.Resume();
        app.Table.Resume();
        await clients;

        Assert.True(acknowledgedDuringCut < ids.Count, "the cut happened mid-stream");
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"unexpected {s}"));
        Assert.Equal(ids.Order(), acknowledged.Order());
        var stored = await app.Direct<SubmissionArchive>(s => new(s)).SubmissionIdsAsync(round.Round.Key);
        Assert.Equal(ids.Order(), stored.Order());
        var scores = app.Direct<ScoreStore>(s => new(s));
        await AppFixture.EventuallyAsync(async () => (await scores.ScoredIdsAsync(round.Round.Key)).Count == ids.Count,
            timeout: TimeSpan.FromSeconds(60), because: "every acknowledged answer scored");
        Assert.Equal(ids.Order(), (await scores.ScoredIdsAsync(round.Round.Key)).Order());
        Assert.Equal(ids.Count, (await scores.CountAsync(round.Round.Key, ["school-a"], CancellationToken.None)).Values.Sum());
    }

    [Theory]
    [InlineData(5, HttpStatusCode.Accepted)]
    [InlineData(15, HttpStatusCode.Conflict)]
    public async Task A_submission_still_storing_when_its_round_closes_is_acknowledged_only_if_the_profiles_cannot_have_started(int secondsStoring, HttpStatusCode expected)
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var id = Guid.NewGuid().ToString();
        var archive = app.Direct<SubmissionArchive>(s => new(s));
        var rounds = app.Direct<RoundStore>(s => new(s));

        // The answer is stored, then its scoring message hangs: storage is slow. Meanwhile a coach closes the round.
        using var putBack = app.Clock.Checkpoint();
        app.Queue.Hold();
        Task<HttpResponseMessage> submit;
        Task close;
        try
        {
            submit = app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body(id));
            await AppFixture.EventuallyAsync(async () => (await archive.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))?.Submission is not null, because: "the stored answer");
            close = app.Service<ReadinessPipeline.Surveys.Rounds.RoundLifecycle>().CloseAsync(round.Round.NetworkId, round.Round.Id, "test-coach", CancellationToken.None);
            await AppFixture.EventuallyAsync(async () => (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!.Round.State == ReadinessPipeline.Models.RoundState.Closing, because: "the close");
            app.Clock.Advance(TimeSpan.FromSeconds(secondsStoring));
        }
        finally
        {
            app.Queue.Release();
        }

        var response = await submit;
        await close;

        // Profiles are built 2 s (round cache) + 10 s (margin) after the close: 5 s late is still in them, 15 s may not be.
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Conflict)
        {
            Assert.Equal("round-closed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    /// <summary>The app with a cuttable TCP proxy in front of each Azurite service.</summary>
    public sealed class ProxiedApp : AppFixture
    {
        private string _direct = "";

        public TcpProxy Blob { get; private set; } = null!;

        public TcpProxy Queue { get; private set; } = null!;

        public TcpProxy Table { get; private set; } = null!;

        /// <summary>A store that bypasses the proxies, for checking what really reached storage.</summary>
        public T Direct<T>(Func<StorageAccount, T> create) => create(StorageAccount.FromConnectionString(_direct));

        protected override async Task<string> CreateConnectionStringAsync()
        {
            var (proxied, direct) = await TestAzurite.NewAccountAsync(ports =>
            {
                Blob = new TcpProxy(ports.Blob);
                Queue = new TcpProxy(ports.Queue);
                Table = new TcpProxy(ports.Table);
                return (Blob.Port, Queue.Port, Table.Port);
            });
            _direct = direct;
            return proxied;
        }
    }
}
