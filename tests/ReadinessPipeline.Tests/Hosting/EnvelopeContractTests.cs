using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>
/// The custom-handler invocation contract, pinned: what the host POSTs for a queue trigger, the three shapes a
/// queue message can arrive in, and the response the host needs (2xx with Outputs/Logs/ReturnValue, or non-2xx to retry).
/// </summary>
public class EnvelopeContractTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Metadata =
        """
        {"DequeueCount":1,"ExpirationTime":"2026-11-09T08:00:00+00:00","Id":"5c0c1b1c-1111-4c3e-9f60-2d6b2d1a0000",
         "InsertionTime":"2026-11-02T08:00:00+00:00","NextVisibleTime":"2026-11-02T08:10:00+00:00","PopReceipt":"AgAAAAMAAAAAAAAA",
         "sys":{"MethodName":"ScoreSubmission","UtcNow":"2026-11-02T08:00:01Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}
        """;

    private static string Envelope(JsonNodeOrString data) => "{\"Data\":{\"message\":" + data.Json + "},\"Metadata\":" + Metadata + "}";

    private async Task<(RoundKey Round, string SubmissionId)> StoredSubmissionAsync()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var submission = new Submission(Guid.NewGuid().ToString(), round.Round.Id, round.Round.NetworkId, "school-a", "student-sel-6-12", 1, "en", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime),
            new Dictionary<string, int> { ["competency-1"] = 4, ["competency-2"] = 2 }, new Dictionary<string, string>());
        await app.Service<SubmissionArchive>().TryCreateAsync(submission, null, CancellationToken.None);
        return (round.Round.Key, submission.SubmissionId);
    }

    private static string MessageFor(RoundKey round, string submissionId) =>
        $$"""{"networkId":"{{round.NetworkId}}","roundId":"{{round.RoundId}}","schoolId":"school-a","submissionId":"{{submissionId}}"}""";

    private async Task<HttpResponseMessage> InvokeAsync(string envelope)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "ScoreSubmission") { Content = new StringContent(envelope, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1041");
        return await app.Http.SendAsync(request);
    }

    public static TheoryData<string> Shapes => ["object", "json-string", "double-encoded"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_queue_message_is_read_in_every_shape_the_host_sends(string shape)
    {
        var (round, submissionId) = await StoredSubmissionAsync();
        var message = MessageFor(round, submissionId);
        var data = shape switch
        {
            "object" => new JsonNodeOrString(message),
            "json-string" => new JsonNodeOrString(JsonSerializer.Serialize(message)),
            _ => new JsonNodeOrString(JsonSerializer.Serialize(JsonSerializer.Serialize(message))),
        };

        var response = await InvokeAsync(Envelope(data));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await app.Service<ScoreStore>().GetAsync(round, "school-a", submissionId, CancellationToken.None);
        Assert.Equal(3.0, row!.GetDouble("score_competency"));
    }

    [Fact]
    public async Task The_response_has_exactly_the_keys_the_host_reads()
    {
        var (round, submissionId) = await StoredSubmissionAsync();

        var response = await InvokeAsync(Envelope(new(MessageFor(round, submissionId))));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
    }

    [Theory]
    [InlineData("\"not json at all\"")]
    [InlineData("{\"roundId\": 5}")]
    [InlineData("42")]
    public async Task An_unreadable_message_fails_with_non_2xx_so_the_host_retries_and_then_poisons_it(string data)
    {
        var response = await InvokeAsync(Envelope(new(data)));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("ScoreSubmission failed", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_a_deleted_submission_succeeds_with_a_log_line()
    {
        var response = await InvokeAsync(Envelope(new("""{"networkId":"net-gone","roundId":"round-gone","schoolId":"school-a","submissionId":"00000000-0000-0000-0000-000000000000"}""")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no longer exists", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>Raw JSON to place as the binding's value.</summary>
    public sealed record JsonNodeOrString(string Json);
}
