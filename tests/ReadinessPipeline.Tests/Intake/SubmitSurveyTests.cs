using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Privacy;

namespace ReadinessPipeline.Tests.Intake;

/// <summary>Submitting a survey through the real HTTP endpoint, stored in Azurite and scored by the queue function.</summary>
public class SubmitSurveyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Student = "student-sel-3-5";

    private static object Body(string? submissionId = null, object? answers = null, string instrument = Student, int version = 1, object? openText = null, string language = "en") => new
    {
        submissionId = submissionId ?? Guid.NewGuid().ToString(),
        instrument,
        version,
        language,
        answers = answers ?? new Dictionary<string, int> { ["competency-1"] = 4 },
        openText,
    };

    [Fact]
    public async Task A_submission_is_acknowledged_stored_and_scored_with_hand_computed_values()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var id = Guid.NewGuid().ToString();
        var answers = new Dictionary<string, int>
        {
            ["competency-1"] = 5, ["competency-2"] = 4, ["competency-3"] = 3,
            ["flexible-1"] = 2, ["flexible-2"] = 4, ["flexible-3"] = 1,
            ["student-driven-1"] = 5,
        };

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body(id, answers, language: "es"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", receipt.GetProperty("receiptId").GetString());
        var stored = (await app.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))?.Submission;
        Assert.Equal(("school-a", "es", 7), (stored!.SchoolId, stored.Language, stored.Answers.Count));

        var scores = app.Service<ScoreStore>();
        await AppFixture.EventuallyAsync(async () => await scores.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None) is not null, because: "the score row");
        var row = (await scores.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))!;

        // competency: (5 + 4 + 3) / 3 = 4.0. flexible-3 is reverse-coded: 1 -> 5, so (2 + 4 + 5) / 3 = 11/3.
        // student-driven: 1 of 3 items answered, fewer than 2 (half rounded up): no score.
        Assert.Equal(4.0, row.GetDouble("score_competency"));
        Assert.Equal(11.0 / 3.0, row.GetDouble("score_flexible")!.Value, 12);
        Assert.False(row.ContainsKey("score_student_driven"));
        Assert.Equal("school-a", row.GetString("SchoolId"));
    }

    [Fact]
    public async Task A_resubmitted_submission_id_gets_the_same_receipt_and_is_stored_once()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var id = Guid.NewGuid().ToString();
        var path = $"api/surveys/{round.Token("school-a", Student)}/responses";

        var first = await (await app.PostJsonAsync(path, Body(id, new Dictionary<string, int> { ["competency-1"] = 2 }))).Content.ReadFromJsonAsync<JsonElement>();
        var again = await app.PostJsonAsync(path, Body(id, new Dictionary<string, int> { ["competency-1"] = 5 }));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("receiptId").GetString(), second.GetProperty("receiptId").GetString());
        Assert.Equal("2026-11-02", first.GetProperty("receivedOn").GetString());
        Assert.Equal(first.GetProperty("receivedOn").GetString(), second.GetProperty("receivedOn").GetString());
        Assert.True(second.GetProperty("repeated").GetBoolean());
        var stored = (await app.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))?.Submission;
        Assert.Equal(2, stored!.Answers["competency-1"]);
        Assert.Equal([id], await app.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
    }

    public static TheoryData<string, object, HttpStatusCode, string> BadBodies => new()
    {
        { "unknown item", Body(answers: new Dictionary<string, int> { ["no-such-item"] = 3 }), HttpStatusCode.BadRequest, "invalid-submission" },
        { "value above the scale", Body(answers: new Dictionary<string, int> { ["competency-1"] = 6 }), HttpStatusCode.BadRequest, "invalid-submission" },
        { "value below the scale", Body(answers: new Dictionary<string, int> { ["competency-1"] = 0 }), HttpStatusCode.BadRequest, "invalid-submission" },
        { "fraction", Body(answers: new Dictionary<string, double> { ["competency-1"] = 3.5 }), HttpStatusCode.BadRequest, "invalid-submission" },
        { "wrong instrument", Body(instrument: "staff-readiness"), HttpStatusCode.BadRequest, "invalid-submission" },
        { "wrong version", Body(version: 2), HttpStatusCode.BadRequest, "invalid-submission" },
        { "open text on an instrument without prompts", Body(openText: new { strengths = "x" }), HttpStatusCode.BadRequest, "invalid-submission" },
        { "nothing answered", Body(answers: new Dictionary<string, int>()), HttpStatusCode.BadRequest, "invalid-submission" },
        { "unknown field", new { submissionId = Guid.NewGuid().ToString(), instrument = Student, version = 1, answers = new { }, extra = 1 }, HttpStatusCode.BadRequest, "malformed-json" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_problem_and_stores_nothing(string why, object body, HttpStatusCode status, string code)
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", body);

        await AssertProblemAsync(response, status, code, why);
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task Malformed_JSON_is_refused()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);

        var response = await app.Http.PostAsync($"api/surveys/{round.Token("school-a", Student)}/responses", new StringContent("{\"submissionId\": \"abc", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_413()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var huge = Body(openText: new { strengths = new string('x', 70_000) });

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", huge);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task A_chunked_body_over_64_KB_is_refused_too()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Body(openText: new { strengths = new string('x', 70_000) })))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/surveys/{round.Token("school-a", Student)}/responses") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task Open_text_over_its_limit_is_refused()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);

        var response = await app.PostJsonAsync(
            $"api/surveys/{round.Token("school-a", "staff-readiness")}/responses",
            Body(instrument: "staff-readiness", answers: new Dictionary<string, int> { ["leadership-1"] = 4 }, openText: new { needs = new string('x', 2001) }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-submission");
        Assert.Equal("too-long", problem.GetProperty("errorCodes").GetProperty("openText.needs").GetString());
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task A_missing_or_unknown_token_is_404(string token)
    {
        var response = await app.PostJsonAsync($"api/surveys/{token}/responses", Body());

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "unknown-link");
    }

    [Fact]
    public async Task A_revoked_token_is_410()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var token = round.Token("school-a", Student);
        await app.Service<LinkStore>().RevokeAsync(LinkStore.Hash(token), CancellationToken.None);

        var response = await app.PostJsonAsync($"api/surveys/{token}/responses", Body());

        await AssertProblemAsync(response, HttpStatusCode.Gone, "revoked-link");
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task A_token_only_opens_its_own_school()
    {
        var round = await app.OpenRoundAsync(["school-a", "school-b"], [Student]);
        var body = new { submissionId = Guid.NewGuid().ToString(), instrument = Student, version = 1, school = "school-a", answers = new Dictionary<string, int> { ["competency-1"] = 3 } };

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-b", Student)}/responses", body);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "wrong-school");
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task A_round_that_is_not_open_refuses_with_409()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var rounds = app.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { State = RoundState.Closing }, CancellationToken.None);

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body());

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "round-closed");
        await AssertNothingStoredAsync(round.Round.Key);
    }

    [Fact]
    public async Task A_round_past_its_close_time_refuses_even_before_it_is_closed()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var rounds = app.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { ClosesAt = app.Clock.Now.AddSeconds(-1) }, CancellationToken.None);

        var response = await app.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body());

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "round-closed");
    }

    [Fact]
    public async Task A_personal_link_takes_one_submission()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal);
        var path = $"api/surveys/{round.Token("school-a", "staff-readiness")}/responses";
        var answers = new Dictionary<string, int> { ["leadership-1"] = 4 };

        var first = await app.PostJsonAsync(path, Body(instrument: "staff-readiness", answers: answers));
        var second = await app.PostJsonAsync(path, Body(instrument: "staff-readiness", answers: answers));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.Conflict, "link-used");
        Assert.Single(await app.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
        var completions = await app.Service<CompletionStore>().CountAsync(round.Round.Key, CancellationToken.None);
        Assert.Equal(1, completions[("school-a", "staff-readiness")]);
    }

    [Fact]
    public async Task A_submission_id_stored_through_another_link_is_refused_and_changes_nothing()
    {
        var shared = await app.OpenRoundAsync(["school-a"], [Student], linksPerSchool: 2);
        var personal = await app.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal, linksPerSchool: 2);
        var (sharedId, personalId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var staff = new Dictionary<string, int> { ["leadership-1"] = 4 };

        // A class link and a person's link each store a submission.
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostJsonAsync($"api/surveys/{shared.Token("school-a", Student, 0)}/responses", Body(sharedId))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostJsonAsync($"api/surveys/{personal.Token("school-a", "staff-readiness", 0)}/responses", Body(personalId, staff, "staff-readiness"))).StatusCode);
        await app.DrainedAsync(StorageNames.ScoreQueue);
        var before = await StorageInventory.SnapshotAsync(app.Storage);

        // The other class link, and another person's link, send the same ids with other answers: refused, not answered with
        // the first link's receipt, and nothing is stored or marked.
        var otherClass = await app.PostJsonAsync($"api/surveys/{shared.Token("school-a", Student, 1)}/responses", Body(sharedId, new Dictionary<string, int> { ["competency-1"] = 1 }));
        var otherPerson = await app.PostJsonAsync($"api/surveys/{personal.Token("school-a", "staff-readiness", 1)}/responses", Body(personalId, new Dictionary<string, int> { ["leadership-1"] = 1 }, "staff-readiness"));

        await AssertProblemAsync(otherClass, HttpStatusCode.Conflict, "submission-id-taken");
        await AssertProblemAsync(otherPerson, HttpStatusCode.Conflict, "submission-id-taken");
        Assert.Equal(before, await StorageInventory.SnapshotAsync(app.Storage));

        // The first link's own retry is still its repeat.
        var retry = await app.PostJsonAsync($"api/surveys/{shared.Token("school-a", Student, 0)}/responses", Body(sharedId));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.True((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("repeated").GetBoolean());
    }

    [Fact]
    public async Task Queue_messages_are_Base64_JSON_objects()
    {
        await using var app2 = new QuietApp();
        await app2.InitializeAsync();
        var round = await app2.OpenRoundAsync(["school-a"], [Student]);
        var id = Guid.NewGuid().ToString();

        await app2.PostJsonAsync($"api/surveys/{round.Token("school-a", Student)}/responses", Body(id));

        var raw = new QueueClient(app2.ConnectionString, StorageNames.ScoreQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var message = Assert.Single((await raw.PeekMessagesAsync(10)).Value);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString()));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        Assert.Equal(id, document.RootElement.GetProperty("submissionId").GetString());
    }

    private async Task AssertNothingStoredAsync(RoundKey round)
    {
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(round));
        Assert.Empty(await app.Service<ScoreStore>().ReadRoundAsync(round, CancellationToken.None).ToListAsync());
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? why = null)
    {
        Assert.True(status == response.StatusCode, $"{why}: expected {status}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>An app whose queue functions do not run, so a test can look at the queued messages themselves.</summary>
    private sealed class QuietApp : AppFixture, IAsyncDisposable
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["LocalTriggers:Enabled"] = "false";

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
