using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>The app with no trigger runner: tests call the profiler themselves, so nothing else touches the round.</summary>
public sealed class ProfilerApp : AppFixture
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["LocalTriggers:Enabled"] = "false";
}

/// <summary>BuildProfiles against storage: the late-scoring sweep that runs inside the aggregation pass, and the counts it passes on.</summary>
public class RoundProfilerTests(ProfilerApp app) : IClassFixture<ProfilerApp>
{
    private static readonly Instrument Staff = ProfileData.Staff;

    /// <summary>Stores a submission with varied answers at a school; scored through ScoreStore like ScoreSubmission does, or left unscored.</summary>
    private async Task<Submission> SubmitAsync(string roundId, string school, string id, bool scored, Random random)
    {
        var answers = Staff.Items.Where(_ => random.Next(12) != 0).ToDictionary(i => i.Id, _ => random.Next(1, 6));
        var openText = new Dictionary<string, string> { ["strengths"] = $"Advisory works at {school} ({id})" };
        var submission = new Submission(id, roundId, "net-profiler", school, Staff.Id, Staff.Version, "en", DateOnly.FromDateTime(AppFixture.Start.UtcDateTime), answers, openText);
        Assert.True(await app.Service<SubmissionArchive>().TryCreateAsync(submission, null, CancellationToken.None));
        if (scored)
        {
            var plan = app.Service<ScoringPlans>().For(Staff);
            await app.Service<ScoreStore>().UpsertAsync(submission, plan.ToAnswerBytes(answers), plan.Score(submission), CancellationToken.None);
        }

        return submission;
    }

    private async Task<Round> ClosingRoundAsync(string roundId, string[] schools)
    {
        var networks = app.Service<NetworkStore>();
        await networks.CreateNetworkAsync(new Network("net-profiler", "Profiler network", AppFixture.Start), CancellationToken.None);
        await networks.ImportSchoolsAsync("net-profiler", [.. schools.Select(s => ProfileData.School(s) with { NetworkId = "net-profiler" })], CancellationToken.None);
        var round = new Round(roundId, "net-profiler", "Fall", RoundState.Closing, AppFixture.Start.AddDays(-14), AppFixture.Start,
            [new RoundInstrument(Staff.Id, Staff.Version, ResponseMode.Anonymous)], [], AppFixture.Start.AddDays(-20))
        { SchoolIds = schools };
        await app.Service<RoundStore>().CreateAsync(round, CancellationToken.None);
        return round;
    }

    private async Task<byte[]> ReportAsync(string roundId, string name) =>
        (await app.Service<ReportStore>().ReadAsync(new RoundKey("net-profiler", roundId), name, CancellationToken.None))!.ToArray();

    private Azure.Storage.Queues.QueueClient Queue(string name) => app.Storage.Queue(name);

    /// <summary>The messages waiting in a queue for one round (peeked, left in place).</summary>
    private async Task<int> QueuedForAsync(string queue, string roundId) =>
        (await Queue(queue).PeekMessagesAsync(32)).Value.Count(m => m.Body.ToString().Contains(roundId, StringComparison.Ordinal));

    /// <summary>The fields of the last "profiles built" log entry of a round.</summary>
    private Dictionary<string, object?> Built(string roundId) =>
        app.Logs.Entries.Last(e => e.Message.StartsWith($"Profiles of round {roundId} built", StringComparison.Ordinal)).State.ToDictionary(s => s.Key, s => s.Value);

    private async Task EmptyQueuesAsync()
    {
        foreach (var name in new[] { StorageNames.ScoreQueue, StorageNames.ScoreQueue + PoisonQueues.Suffix, StorageNames.SweepQueue, StorageNames.ProfileQueue })
        {
            await Queue(name).CreateIfNotExistsAsync();
            await Queue(name).ClearMessagesAsync();
        }
    }

    /// <summary>
    /// A message waiting in the scoring queue or its poison queue means an acknowledged answer may have no row yet, so
    /// the close lists the stored submissions and scores them on the way.
    /// </summary>
    [Theory]
    [InlineData(StorageNames.ScoreQueue)]
    [InlineData(StorageNames.ScoreQueue + PoisonQueues.Suffix)]
    public async Task Stored_submissions_never_scored_are_scored_and_counted_once_even_when_one_id_prefixes_another(string waitingIn)
    {
        await EmptyQueuesAsync();
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..8];
        var round = await ClosingRoundAsync(roundId, ["school-a", "school-b"]);
        var random = new Random(7);

        // Ids where one is another's prefix list in a different order as blobs ("x-1.json" < "x.json") than as rows
        // ("x" < "x-1"): scored and unscored ones of both kinds (all at one school, whose rows and blobs are listed
        // together), among ordinary ones, a third of which are unscored (more than are scored at once, so late
        // scorings queue up between rows).
        var ordinary = Enumerable.Range(0, 45).Select(n => $"ordinary-{n:00}-{Guid.NewGuid():N}").ToList();
        var unscored = new HashSet<string>(StringComparer.Ordinal) { "prefix-bb", "prefix-cc-1", "prefix-dd-1", "prefix-dd", "zz-last-one" };
        unscored.UnionWith(ordinary.Where((_, n) => n % 3 == 0));
        string[] ids =
        [
            "prefix-aa", "prefix-aa-1", "prefix-bb", "prefix-bb-1", "prefix-cc", "prefix-cc-1", "prefix-dd", "prefix-dd-1", "prefix-ee0", "prefix-ee", "prefix-ee-1",
            .. ordinary,
            "zz-last-one",
        ];
        string SchoolOf(string id, int n) => id.StartsWith("prefix-", StringComparison.Ordinal) || n % 2 == 0 ? "school-a" : "school-b";
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            await SubmitAsync(roundId, SchoolOf(id, n), id, scored: !unscored.Contains(id), random);
        }

        // One message still waiting is enough (it need not be one of these: the queue is shared by every round).
        await Queue(waitingIn).SendMessageAsync("{\"networkId\":\"other\",\"roundId\":\"other\",\"schoolId\":\"s\",\"submissionId\":\"x\"}");
        await app.Service<RoundProfiler>().BuildAsync(new BuildProfilesMessage(round.NetworkId, roundId), CancellationToken.None);

        var built = Built(roundId);
        Assert.Equal(ids.Length, built["Responses"]);
        Assert.Equal(unscored.Count, built["Swept"]);
        Assert.Equal(0, await QueuedForAsync(StorageNames.SweepQueue, roundId));
        var stored = await app.Service<ScoreStore>().ScoredIdsAsync(round.Key);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored);

        // Response rates count the late-scored submissions too (the status takes its counts from the aggregation).
        var report = JsonDocument.Parse(await ReportAsync(roundId, "schools/school-a/report.json")).RootElement;
        var rate = report.GetProperty("responseRates").EnumerateArray().Single(r => r.GetProperty("instrumentId").GetString() == Staff.Id);
        Assert.Equal(ids.Where((id, n) => SchoolOf(id, n) == "school-a").Count(), rate.GetProperty("responded").GetInt32());

        // Late-scored submissions were added where their rows now are, so a rebuild reading every row writes the same
        // bytes; with the queues empty, it reads the rows only and leaves the listing to a SweepSubmissions message.
        var aggregates = await ReportAsync(roundId, "aggregates.json");
        var school = await ReportAsync(roundId, "schools/school-b/report.json");
        await EmptyQueuesAsync();
        await app.Service<RoundProfiler>().BuildAsync(new BuildProfilesMessage(round.NetworkId, roundId), CancellationToken.None);
        Assert.Equal(0, Built(roundId)["Swept"]);
        Assert.Equal(1, await QueuedForAsync(StorageNames.SweepQueue, roundId));
        Assert.Equal(aggregates, await ReportAsync(roundId, "aggregates.json"));
        Assert.Equal(school, await ReportAsync(roundId, "schools/school-b/report.json"));
        Assert.Equal(0, await app.Service<RoundProfiler>().SweepAsync(new SweepSubmissionsMessage(round.NetworkId, roundId), CancellationToken.None));
        Assert.Equal(0, await QueuedForAsync(StorageNames.ProfileQueue, roundId));
    }

    /// <summary>
    /// With both scoring queues empty, the close trusts that every acknowledged answer has its row and does not list
    /// the stored submissions; a submission whose message vanished without a trace is then found by the
    /// SweepSubmissions message the close queues, which scores it and has the profiles built again, counting it.
    /// </summary>
    [Fact]
    public async Task A_submission_whose_scoring_message_vanished_is_found_after_the_close_and_the_profiles_are_built_again()
    {
        await EmptyQueuesAsync();
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..8];
        var round = await ClosingRoundAsync(roundId, ["school-a", "school-b"]);
        var random = new Random(19);
        var ids = Enumerable.Range(0, 24).Select(n => $"submission-{n:000}").ToList();
        var lost = ids.Where((_, n) => n % 5 == 2).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            await SubmitAsync(roundId, n % 2 == 0 ? "school-a" : "school-b", id, scored: !lost.Contains(id), random);
        }

        var profiler = app.Service<RoundProfiler>();
        await profiler.BuildAsync(new BuildProfilesMessage(round.NetworkId, roundId), CancellationToken.None);
        var first = Built(roundId);
        Assert.Equal(ids.Count - lost.Count, first["Responses"]);
        Assert.Equal(0, first["Swept"]);
        Assert.Contains("SweepSubmissions", (string)first["Listing"]!, StringComparison.Ordinal);
        Assert.Equal(1, await QueuedForAsync(StorageNames.SweepQueue, roundId));
        Assert.Equal(0, await QueuedForAsync(StorageNames.ProfileQueue, roundId));

        Assert.Equal(lost.Count, await profiler.SweepAsync(new SweepSubmissionsMessage(round.NetworkId, roundId), CancellationToken.None));
        Assert.Equal(ids, await app.Service<ScoreStore>().ScoredIdsAsync(round.Key));
        Assert.Equal(1, await QueuedForAsync(StorageNames.ProfileQueue, roundId));

        await profiler.BuildAsync(new BuildProfilesMessage(round.NetworkId, roundId), CancellationToken.None);
        Assert.Equal(ids.Count, Built(roundId)["Responses"]);
        var report = JsonDocument.Parse(await ReportAsync(roundId, "schools/school-a/report.json")).RootElement;
        var rate = report.GetProperty("responseRates").EnumerateArray().Single(r => r.GetProperty("instrumentId").GetString() == Staff.Id);
        Assert.Equal(ids.Count / 2, rate.GetProperty("responded").GetInt32());

        // Nothing is left to find: the next sweep scores nothing and builds nothing.
        await Queue(StorageNames.ProfileQueue).ClearMessagesAsync();
        Assert.Equal(0, await profiler.SweepAsync(new SweepSubmissionsMessage(round.NetworkId, roundId), CancellationToken.None));
        Assert.Equal(0, await QueuedForAsync(StorageNames.ProfileQueue, roundId));
    }

    [Fact]
    public async Task Status_with_counts_from_the_caller_matches_the_status_that_reads_the_scores()
    {
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..8];
        var round = await ClosingRoundAsync(roundId, ["school-a", "school-b"]);
        var random = new Random(11);
        for (var n = 0; n < 7; n++)
        {
            await SubmitAsync(roundId, n < 4 ? "school-a" : "school-b", $"submission-{n:000}", scored: true, random);
        }

        var reader = app.Service<RoundStatusReader>();
        var counted = await app.Service<ScoreStore>().CountAsync(round.Key, ["school-a", "school-b"], CancellationToken.None);
        var read = (await reader.ReadAsync(round.NetworkId, roundId, CancellationToken.None))!;
        var given = (await reader.ReadAsync(round.NetworkId, roundId, Task.FromResult(counted), CancellationToken.None))!;

        Assert.Equal(read.Schools, given.Schools);
        Assert.Equal(read.Network, given.Network);
        Assert.Equal([4, 3], read.Schools.Select(s => s.Responded));
    }
}
