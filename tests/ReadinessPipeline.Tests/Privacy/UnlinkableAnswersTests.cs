using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Privacy;

/// <summary>
/// In a confidential round nothing stored pairs a person with their answers: no value a person's records hold (their
/// completion, invitation, link) is also held by an answer record (its blob's name, metadata and content, its score row),
/// answers keep only the day, and once the round's profiles are built even the storage service's own timestamps on
/// the completion rows no longer tell when each person answered.
/// </summary>
public class UnlinkableAnswersTests(PrivacyOperationsTests.PrivacyApp app) : IClassFixture<PrivacyOperationsTests.PrivacyApp>
{
    /// <summary>Every value of a table row, its keys split at '|', with times written one way.</summary>
    private static IEnumerable<string> Values(TableEntity row) =>
        row.Where(p => p.Key is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey") && p.Value is not null)
            .Select(p => Normal(p.Value))
            .Concat(row.PartitionKey.Split('|'))
            .Concat(row.RowKey.Split('|'));

    private static IEnumerable<string> Values(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().SelectMany(p => Values(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => json.EnumerateArray().SelectMany(Values),
        JsonValueKind.String => [Normal(json.GetString()!)],
        _ => [json.GetRawText()],
    };

    private static string Normal(object value) => value switch
    {
        DateTimeOffset time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTime time => new DateTimeOffset(time).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        string text when text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => Normal(time),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private async Task<(string Network, string Round)> AnsweredRoundAsync()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 6);
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 6), because: "the invitations");
        foreach (var invite in app.Emails(round, "invitation"))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(invite).Single())).StatusCode);
        }

        return (network, round);
    }

    [Fact]
    public async Task No_stored_value_of_a_persons_records_is_also_held_by_an_answer()
    {
        var (network, round) = await AnsweredRoundAsync();
        var key = new RoundKey(network, round);

        var personal = new List<string>();
        await foreach (var row in app.Storage.Table(StorageNames.CompletionsTable).QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(key)))
        {
            personal.AddRange(Values(row));
        }

        await foreach (var row in app.Storage.Table(StorageNames.DeliveriesTable).QueryAsync<TableEntity>(e => e.PartitionKey == StorageKeys.Round(key)))
        {
            personal.AddRange(Values(row));
        }

        await foreach (var row in app.Storage.Table(StorageNames.LinksTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"NetworkId eq {network} and RoundId eq {round}")))
        {
            personal.AddRange(Values(row));
        }

        var answers = new List<string>();
        var stored = 0;
        var submissions = app.Storage.Container(StorageNames.SubmissionsContainer);
        await foreach (var blob in submissions.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, StorageKeys.Folder(key), CancellationToken.None))
        {
            stored++;
            answers.AddRange(blob.Name.Replace(".json", "", StringComparison.Ordinal).Split('/'));
            answers.AddRange(blob.Metadata.Values);
            var json = JsonDocument.Parse((await submissions.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString()).RootElement;
            answers.AddRange(Values(json));

            // The day only: no time of day that could be matched with when a link was used.
            Assert.Matches("^\\d{4}-\\d{2}-\\d{2}$", json.GetProperty("receivedOn").GetString());
        }

        await foreach (var row in app.Storage.Table(StorageNames.ScoresTable).QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(key)))
        {
            answers.AddRange(Values(row));
        }

        Assert.Equal(6, stored);
        Assert.NotEmpty(personal);

        // What both may name: the group the answer belongs to, and the instrument version (2, the default for new rounds).
        string[] group = [network, round, "school-01", "staff-readiness", "2"];
        Assert.Empty(personal.Intersect(answers, StringComparer.Ordinal).Except(group, StringComparer.Ordinal));
        Assert.DoesNotContain(answers, a => a.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParseExact(a, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task Once_profiles_are_built_completion_rows_no_longer_carry_the_time_each_person_answered()
    {
        var (network, round) = await AnsweredRoundAsync();
        var closing = DateTimeOffset.UtcNow;
        using (var coach = app.Coach())
        {
            (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        }

        await AppFixture.EventuallyAsync(async () => (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString() == "closed",
            timeout: TimeSpan.FromSeconds(30), because: "the profiles");

        // The storage service stamps each row with the time of its last write, and it stamped the blobs with their
        // arrival: once the close's RestampCompletions message has run, every completion row must carry a time after all
        // answering was over, the same for everyone.
        var completions = app.Storage.Table(StorageNames.CompletionsTable);
        async Task<List<DateTimeOffset>> StampsAsync() => await completions
            .QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(new RoundKey(network, round)))
            .Select(row => row.Timestamp!.Value)
            .ToListAsync();
        await AppFixture.EventuallyAsync(async () => (await StampsAsync()).All(stamp => stamp >= closing),
            timeout: TimeSpan.FromSeconds(30), because: "the completion rows are rewritten after the close");
        var stamps = await StampsAsync();
        Assert.Equal(6, stamps.Count);
        Assert.All(stamps, stamp => Assert.True(stamp >= closing, $"completion stamped {stamp:O}, before the close at {closing:O}"));
    }

    [Fact]
    public async Task Completions_are_kept_per_school_and_the_rewrite_covers_every_school_of_the_round_and_nothing_else()
    {
        var round = new RoundKey("restamp-net", "round-" + Guid.NewGuid().ToString("N")[..8]);
        var other = round with { RoundId = round.RoundId + "-b" };
        var store = app.Service<CompletionStore>();
        Completion[] ours =
        [
            new("school-01", "staff-readiness", "person-1"), new("school-01", "staff-readiness", "person-2"),
            new("school-01", "other-survey", "person-1"), new("school-02", "staff-readiness", "person-3"),
        ];
        foreach (var completion in ours)
        {
            Assert.True(await store.TryCompleteAsync(round, completion, CancellationToken.None));
        }

        Assert.False(await store.TryCompleteAsync(round, ours[1], CancellationToken.None));
        Assert.True(await store.TryCompleteAsync(other, ours[0], CancellationToken.None));
        Assert.True(await store.IsCompletedAsync(round, ours[3], CancellationToken.None));
        Assert.False(await store.IsCompletedAsync(round, ours[3] with { SchoolId = "school-01" }, CancellationToken.None));

        Assert.Equal(ours[..3].ToHashSet(), await store.ListSchoolAsync(round, "school-01", CancellationToken.None));
        Assert.Equal(ours.ToHashSet(), await store.ListAsync(round, CancellationToken.None));
        var counts = await store.CountAsync(round, CancellationToken.None);
        Assert.Equal(3, counts.Count);
        Assert.Equal(2, counts[("school-01", "staff-readiness")]);
        Assert.Equal(1, counts[("school-01", "other-survey")]);
        Assert.Equal(1, counts[("school-02", "staff-readiness")]);

        var table = app.Storage.Table(StorageNames.CompletionsTable);
        Assert.Equal(3, await table.QueryAsync<TableEntity>(e => e.PartitionKey == StorageKeys.School(round, "school-01")).CountAsync());
        await Task.Delay(1_100);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-100);
        Assert.Equal(4, await store.RestampAsync(round, CancellationToken.None));
        Assert.All(await table.QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(round)).ToListAsync(), r => Assert.True(r.Timestamp >= before, $"{r.PartitionKey} {r.RowKey} was not rewritten"));
        Assert.All(await table.QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(other)).ToListAsync(), r => Assert.True(r.Timestamp < before, "another round's row was rewritten"));
    }

    [Fact]
    public async Task The_rewrite_groups_a_school_whose_rows_span_two_pages_of_the_scan()
    {
        // 3 schools x 400 rows: the scan's first page of 1,000 ends inside the third school's rows.
        var round = new RoundKey("restamp-net", "round-" + Guid.NewGuid().ToString("N")[..8]);
        var table = app.Storage.Table(StorageNames.CompletionsTable);
        var completions = new[] { "school-01", "school-02", "school-03" }
            .SelectMany(school => Enumerable.Range(0, 400).Select(i => new Completion(school, "staff-readiness", $"person-{i:000}")))
            .ToList();
        foreach (var batch in completions.GroupBy(c => c.SchoolId).SelectMany(g => g.Chunk(100)))
        {
            await table.SubmitTransactionAsync(batch.Select(c => new TableTransactionAction(TableTransactionActionType.Add, CompletionStore.Entity(round, c))));
        }

        await Task.Delay(1_100);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-100);
        var store = app.Service<CompletionStore>();
        Assert.Equal(1_200, await store.RestampAsync(round, CancellationToken.None));

        var rows = await table.QueryAsync<TableEntity>(StorageKeys.SchoolPartitionsFilter(round)).ToListAsync();
        Assert.Equal(1_200, rows.Count);
        Assert.All(rows, r => Assert.True(r.Timestamp >= before, $"{r.PartitionKey} {r.RowKey} was not rewritten"));
        Assert.Equal(completions.ToHashSet(), await store.ListAsync(round, CancellationToken.None));
    }

    [Fact]
    public async Task The_rewrite_brings_back_no_completion_erased_while_it_runs()
    {
        var round = new RoundKey("restamp-net", "round-" + Guid.NewGuid().ToString("N")[..8]);
        var store = app.Service<CompletionStore>();
        var people = Enumerable.Range(0, 150).Select(i => new Completion("school-01", "staff-readiness", $"person-{i:000}")).ToList();
        foreach (var person in people)
        {
            Assert.True(await store.TryCompleteAsync(round, person, CancellationToken.None));
        }

        var table = app.Storage.Table(StorageNames.CompletionsTable);
        var partition = StorageKeys.School(round, "school-01");
        var listed = await table.QueryAsync<TableEntity>(e => e.PartitionKey == partition).Select(e => e.RowKey).ToListAsync();
        await Task.Delay(1_100);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-100);

        // Erased between the listing and the rewrite: one row in the second transaction of 100.
        var erased = listed[120];
        await table.DeleteEntityAsync(partition, erased);
        var rewritten = await store.RestampAsync(round, "school-01", listed, CancellationToken.None);

        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == partition).ToListAsync();
        Assert.Equal(149, rewritten);
        Assert.Equal(149, rows.Count);
        Assert.DoesNotContain(rows, r => r.RowKey == erased);
        Assert.All(rows, r => Assert.True(r.Timestamp >= before, $"{r.RowKey} was not rewritten"));
    }
}
