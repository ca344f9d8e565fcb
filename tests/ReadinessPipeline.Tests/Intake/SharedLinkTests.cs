using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Intake;

/// <summary>
/// A school's shared class link takes at most its cap of answers however they are sent, one client cannot send
/// faster than the rate limit, a coach can change the cap, turn the link off and replace it, and the round status
/// names a school with more answers than it expects.
/// </summary>
public class SharedLinkTests(CoachApp app) : IClassFixture<CoachApp>
{
    private const string Student = "student-sel-6-12";

    /// <summary>A network of one 6-8 school expecting 40 students, and an open round asking its grade 6-12 form by shared link.</summary>
    private async Task<(string Network, string Round, string Token)> SharedLinkAsync()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 1, gradeSpan: "6-8");
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = Student, mode = "anonymous" } }, reminders: []);
        await CoachApp.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links", network).Count == 1), because: "the design team's links");
        return (network, round, CoachApp.Tokens(app.Emails(round, "design-team-links", network).Single()).Single());
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
            : null;

    [Fact]
    public async Task A_thousand_scripted_posts_to_one_link_are_refused_past_the_cap_and_the_scores_count_the_cap_at_most()
    {
        var (network, round, token) = await SharedLinkAsync();

        // 40 expected students and 20 % headroom: 40 * 120 / 100 = 48 places.
        const int cap = 48;
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? Code, bool RetryAfter)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await app.Http.PostAsJsonAsync($"api/surveys/{token}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()), ct);
            answers.Add((response.StatusCode, await CodeAsync(response), response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }));
        });

        Assert.Equal(cap, answers.Count(a => a.Status == HttpStatusCode.Accepted));
        var refused = answers.Where(a => a.Status != HttpStatusCode.Accepted).ToList();
        Assert.All(refused, a => Assert.True(
            a is (HttpStatusCode.Conflict, "link-full", false) or (HttpStatusCode.TooManyRequests, "too-many-requests", true),
            $"refused with {(int)a.Status} {a.Code} (Retry-After {a.RetryAfter})"));

        // The default burst of one client through one link is 100, so at least 100 - 48 are refused for the cap before
        // the rate limit answers the rest (less the token a second it gives back while they run).
        Assert.InRange(refused.Count(a => a.Code == "link-full"), 100 - cap, 1_000 - cap);
        Assert.InRange(refused.Count(a => a.Code == "too-many-requests"), 1, 1_000 - 100);

        // Everything accepted is scored, and nothing more; the school is named for its answers over the 40 expected.
        await CoachApp.EventuallyAsync(async () => (await app.StatusAsync(network, round)).GetProperty("schools").EnumerateArray().Single().GetProperty("responded").GetInt32() == cap, because: "the scores");
        await app.DrainedAsync("score-submission");
        var status = await app.StatusAsync(network, round);
        Assert.Equal(cap, status.GetProperty("schools").EnumerateArray().Single().GetProperty("responded").GetInt32());
        var over = status.GetProperty("overExpected").EnumerateArray().Single();
        Assert.Equal(("school-01", 40, cap), (over.GetProperty("schoolId").GetString(), over.GetProperty("expected").GetInt32(), over.GetProperty("responded").GetInt32()));

        using var coach = app.Coach();
        var link = (await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/rounds/{round}/shared-links")).EnumerateArray().Single();
        Assert.Equal((cap, cap, "expected-students", "active"), (link.GetProperty("cap").GetInt32(), link.GetProperty("answers").GetInt32(), link.GetProperty("capSource").GetString(), link.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_coach_sets_the_cap_turns_the_link_off_and_replaces_it_and_the_design_team_gets_the_new_link_by_email()
    {
        var (network, round, first) = await SharedLinkAsync();
        using var coach = app.Coach();
        var path = $"api/coach/networks/{network}/rounds/{round}/schools/school-01/shared-links/{Student}";

        using var capped = await coach.PatchAsJsonAsync(path, new { cap = 2 });
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.Equal("coach", (await capped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetProperty("capSource").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.PatchAsJsonAsync(path, new { cap = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.PatchAsJsonAsync(path, new { })).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await app.PostJsonAsync($"api/surveys/{first}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostJsonAsync($"api/surveys/{first}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()))).StatusCode);
        using var full = await app.PostJsonAsync($"api/surveys/{first}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()));
        Assert.Equal((HttpStatusCode.Conflict, "link-full"), (full.StatusCode, await CodeAsync(full)));

        // The page says so before anyone answers in vain.
        Assert.Equal(HttpStatusCode.Conflict, (await app.Http.GetAsync($"api/surveys/{first}")).StatusCode);

        using var replaced = await coach.PostAsync(path + "/replace", null);
        Assert.Equal(HttpStatusCode.Accepted, replaced.StatusCode);
        await CoachApp.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links", network).Count == 2), because: "the replacement link's email");
        var email = app.Emails(round, "design-team-links", network).Single(m => m.Subject!.Contains("a new survey link", StringComparison.Ordinal));
        Assert.Equal(["team1@district.example", "lead1@district.example"], email.To.Mailboxes.Select(m => m.Address));
        var second = CoachApp.Tokens(email).Single();
        Assert.NotEqual(first, second);

        using var old = await app.PostJsonAsync($"api/surveys/{first}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()));
        Assert.Equal((HttpStatusCode.Gone, "revoked-link"), (old.StatusCode, await CodeAsync(old)));

        // The cap and the count carry over to the new link: one more place, one more answer.
        (await coach.PatchAsJsonAsync(path, new { cap = 3 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostJsonAsync($"api/surveys/{second}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()))).StatusCode);
        using var fullAgain = await app.PostJsonAsync($"api/surveys/{second}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()));
        Assert.Equal("link-full", await CodeAsync(fullAgain));

        using var off = await coach.PostAsync(path + "/turn-off", null);
        Assert.Equal("turned-off", (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetProperty("state").GetString());
        (await coach.PatchAsJsonAsync(path, new { cap = 10 })).EnsureSuccessStatusCode();
        using var afterOff = await app.PostJsonAsync($"api/surveys/{second}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()));
        Assert.Equal("revoked-link", await CodeAsync(afterOff));

        // The queue runs the invitations again for every replacement and retry: still one email per link.
        await app.DrainedAsync("send-invitations");
        Assert.Equal(2, app.Emails(round, "design-team-links", network).Count);

        var audit = (await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/audit")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("shared-link.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["shared-link.cap", "shared-link.cap", "shared-link.cap", "shared-link.replace", "shared-link.turn-off"], audit.Select(e => e.GetProperty("action").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.Equal("test-coach", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task A_schools_shared_links_are_a_partition_of_their_own_even_when_another_school_id_starts_with_its_id()
    {
        var round = new ReadinessPipeline.Models.RoundKey("links-net", "round-" + Guid.NewGuid().ToString("N")[..8]);
        var store = app.Service<ReadinessPipeline.Surveys.Storage.SharedLinkStore>();
        foreach (var (school, instrument) in new[] { ("school-1", Student), ("school-1", "student-sel-3-5"), ("school-10", Student), ("school-2", Student) })
        {
            await store.RecordLinkAsync(round, school, instrument, $"hash-{school}-{instrument}", (40, ReadinessPipeline.Models.CapSource.Default), CancellationToken.None);
        }

        var ones = await store.ListSchoolAsync(round, "school-1", CancellationToken.None);
        Assert.Equal(["student-sel-3-5", Student], ones.Select(l => l.InstrumentId).Order(StringComparer.Ordinal));
        Assert.All(ones, l => Assert.Equal("school-1", l.SchoolId));
        Assert.Equal("school-10", Assert.Single(await store.ListSchoolAsync(round, "school-10", CancellationToken.None)).SchoolId);
        Assert.Empty(await store.ListSchoolAsync(round, "school-3", CancellationToken.None));
        Assert.Equal(["school-1", "school-1", "school-10", "school-2"], (await store.ListAsync(round, CancellationToken.None)).Select(l => l.SchoolId));

        // Each school's rows are a partition of their own, so its answers take their places there.
        var table = app.Storage.Table(ReadinessPipeline.Surveys.Storage.StorageNames.SharedLinksTable);
        var partition = ReadinessPipeline.Surveys.Storage.StorageKeys.School(round, "school-1");
        Assert.Equal(2, await table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == partition).CountAsync());
    }

    [Fact]
    public async Task Shared_link_actions_on_a_school_or_instrument_without_a_shared_link_are_404()
    {
        var (network, round, _) = await SharedLinkAsync();
        using var coach = app.Coach();
        var basePath = $"api/coach/networks/{network}/rounds/{round}/schools";
        using var noSchool = await coach.PostAsync($"{basePath}/school-99/shared-links/{Student}/turn-off", null);
        Assert.Equal((HttpStatusCode.NotFound, "unknown-shared-link"), (noSchool.StatusCode, await CodeAsync(noSchool)));
        using var notAsked = await coach.PostAsync($"{basePath}/school-01/shared-links/student-sel-3-5/replace", null);
        Assert.Equal((HttpStatusCode.NotFound, "unknown-shared-link"), (notAsked.StatusCode, await CodeAsync(notAsked)));
    }
}
