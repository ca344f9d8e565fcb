using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>
/// The built app as an isolated worker under <see cref="StandInHost"/>: it initialises, describes and loads every
/// function as the host expects, and runs HTTP (proxied the way the host proxies with the ASP.NET Core integration),
/// queue and timer invocations against the test's Azurite account, answering HTTP exactly as standalone mode does.
/// </summary>
public partial class WorkerContractTests(WorkerContractTests.Worker worker) : IClassFixture<WorkerContractTests.Worker>
{
    /// <summary>What the tests expect of each function, written out here rather than read from the app.</summary>
    public static TheoryData<string, string, string> Expected => new()
    {
        { "BuildProfiles", "queueTrigger", "build-profiles" },
        { "CloseRound", "httpTrigger", "POST coach/networks/{networkId}/rounds/{roundId}/close" },
        { "CreateNetwork", "httpTrigger", "POST coach/networks" },
        { "CreateRound", "httpTrigger", "POST coach/networks/{networkId}/rounds" },
        { "DashboardAudit", "httpTrigger", "GET dashboard/networks/{networkId}/audit" },
        { "DashboardCloseRound", "httpTrigger", "POST dashboard/networks/{networkId}/rounds/{roundId}/close" },
        { "DashboardConfirmClose", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}/close" },
        { "DashboardConfirmOpen", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}/open" },
        { "DashboardCreateNetwork", "httpTrigger", "POST dashboard/networks" },
        { "DashboardCreateRound", "httpTrigger", "POST dashboard/networks/{networkId}/rounds" },
        { "DashboardDeleteData", "httpTrigger", "POST dashboard/networks/{networkId}/delete" },
        { "DashboardDeletion", "httpTrigger", "GET dashboard/networks/{networkId}/delete" },
        { "DashboardExport", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}/schools.csv" },
        { "DashboardHome", "httpTrigger", "GET dashboard" },
        { "DashboardImport", "httpTrigger", "POST dashboard/networks/{networkId}/imports/{kind}" },
        { "DashboardNetwork", "httpTrigger", "GET dashboard/networks/{networkId}" },
        { "DashboardNetworkSummary", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}/summary" },
        { "DashboardNewRound", "httpTrigger", "GET dashboard/networks/{networkId}/new-round" },
        { "DashboardOpenRound", "httpTrigger", "POST dashboard/networks/{networkId}/rounds/{roundId}/open" },
        { "DashboardResendReport", "httpTrigger", "POST dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend" },
        { "DashboardRound", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}" },
        { "DashboardSchoolReport", "httpTrigger", "GET dashboard/networks/{networkId}/rounds/{roundId}/reports/{schoolId}" },
        { "DashboardSharedLink", "httpTrigger", "POST dashboard/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/{change}" },
        { "DashboardSignIn", "httpTrigger", "POST dashboard/sign-in" },
        { "DashboardSignInPage", "httpTrigger", "GET dashboard/sign-in" },
        { "DashboardSignOut", "httpTrigger", "POST dashboard/sign-out" },
        { "DashboardUpdateNetwork", "httpTrigger", "POST dashboard/networks/{networkId}/settings" },
        { "DeleteNetworkData", "httpTrigger", "DELETE coach/networks/{networkId}" },
        { "DeleteRoundData", "httpTrigger", "DELETE coach/networks/{networkId}/rounds/{roundId}" },
        { "DeleteSchoolData", "httpTrigger", "DELETE coach/networks/{networkId}/schools/{schoolId}" },
        { "EraseData", "queueTrigger", "erase-data" },
        { "ExportRound", "httpTrigger", "GET coach/networks/{networkId}/rounds/{roundId}/export" },
        { "GetAuditLog", "httpTrigger", "GET coach/networks/{networkId}/audit" },
        { "GetOpenApiDocument", "httpTrigger", "GET openapi.json" },
        { "GetParentPreview", "httpTrigger", "GET preview/{instrumentId}" },
        { "GetReport", "httpTrigger", "GET reports/{token}" },
        { "GetRoundStatus", "httpTrigger", "GET coach/networks/{networkId}/rounds/{roundId}" },
        { "GetSurvey", "httpTrigger", "GET surveys/{token}" },
        { "Health", "httpTrigger", "GET health" },
        { "ImportOptOuts", "httpTrigger", "PUT coach/networks/{networkId}/opt-outs" },
        { "ImportRoster", "httpTrigger", "PUT coach/networks/{networkId}/roster" },
        { "ImportSchools", "httpTrigger", "PUT coach/networks/{networkId}/schools" },
        { "ListSharedLinks", "httpTrigger", "GET coach/networks/{networkId}/rounds/{roundId}/shared-links" },
        { "OpenRound", "httpTrigger", "POST coach/networks/{networkId}/rounds/{roundId}/open" },
        { "ReplaceSharedLink", "httpTrigger", "POST coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/replace" },
        { "RestampCompletions", "queueTrigger", "restamp-completions" },
        { "ResendReport", "httpTrigger", "POST coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/resend" },
        { "RetentionSweep", "timerTrigger", "0 30 3 * * *" },
        { "RoundClock", "timerTrigger", "0 * * * * *" },
        { "ScoreSubmission", "queueTrigger", "score-submission" },
        { "SendInvitations", "queueTrigger", "send-invitations" },
        { "SendReminders", "queueTrigger", "send-reminders" },
        { "SendReport", "queueTrigger", "send-report" },
        { "SetSharedLinkCap", "httpTrigger", "PATCH coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}" },
        { "SubmitSurvey", "httpTrigger", "POST surveys/{token}/responses" },
        { "SweepSubmissions", "queueTrigger", "sweep-submissions" },
        { "TurnOffSharedLink", "httpTrigger", "POST coach/networks/{networkId}/rounds/{roundId}/schools/{schoolId}/shared-links/{instrumentId}/turn-off" },
        { "UpdateNetwork", "httpTrigger", "PATCH coach/networks/{networkId}" },
    };

    [Fact]
    public void The_worker_initialises_and_offers_its_HTTP_address()
    {
        Assert.Equal(StatusResult.Types.Status.Success, worker.Init.Result.Status);
        Assert.True(worker.Host.HttpUri.IsLoopback, $"HttpUri {worker.Host.HttpUri}");
        Assert.Equal(StatusResult.Types.Status.Success, worker.Metadata.Result.Status);
        Assert.False(worker.Metadata.UseDefaultMetadataIndexing);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void The_metadata_describes_each_function_as_the_host_needs_it(string name, string trigger, string expected)
    {
        var function = Assert.Single(worker.Metadata.FunctionMetadataResults, f => f.Name == name);
        var binding = JsonDocument.Parse(function.RawBindings.Single(b => b.Contains("Trigger\"", StringComparison.Ordinal))).RootElement;

        Assert.Equal(trigger, binding.GetProperty("type").GetString());
        var described = trigger switch
        {
            "httpTrigger" => $"{string.Join(",", binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()))} {binding.GetProperty("route").GetString()}",
            "queueTrigger" => binding.GetProperty("queueName").GetString(),
            _ => binding.GetProperty("schedule").GetString(),
        };
        Assert.Equal(expected, described);
        Assert.Equal("dotnet-isolated", function.Language);
        Assert.Equal("ReadinessPipeline.Functions.dll", Path.GetFileName(function.ScriptFile));
    }

    [Fact]
    public void The_metadata_lists_exactly_the_expected_functions_and_every_one_loads()
    {
        Assert.Equal(Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal), worker.Metadata.FunctionMetadataResults.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(worker.Loaded, load => Assert.True(load.Result.Status == StatusResult.Types.Status.Success, $"{load.FunctionId}: {load.Result.Exception?.Message}"));
        Assert.Equal(worker.Metadata.FunctionMetadataResults.Count, worker.Loaded.Count);
    }

    [Fact]
    public async Task A_Base64_queue_message_as_producers_write_it_scores_the_submission_into_Table_storage()
    {
        var round = await worker.App.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var submission = new Submission(Guid.NewGuid().ToString(), round.Round.Id, round.Round.NetworkId, "school-a", "student-sel-6-12", 1, "en", DateOnly.FromDateTime(worker.App.Clock.Now.UtcDateTime),
            new Dictionary<string, int> { ["competency-1"] = 4, ["competency-2"] = 1 }, new Dictionary<string, string>());
        await worker.App.Service<SubmissionArchive>().TryCreateAsync(submission, null, CancellationToken.None);
        await worker.App.Service<WorkQueue>().SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(round.Round.NetworkId, round.Round.Id, "school-a", submission.SubmissionId), CancellationToken.None);

        var response = await worker.InvokeFromQueueAsync("ScoreSubmission", StorageNames.ScoreQueue, submission.SubmissionId);

        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, response.Result.Exception?.Message);
        var row = await worker.App.Service<ScoreStore>().GetAsync(round.Round.Key, "school-a", submission.SubmissionId, CancellationToken.None);
        Assert.Equal(2.5, row!.GetDouble("score_competency"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"roundId\": 5}")]
    [InlineData("42")]
    public async Task A_queue_message_the_function_cannot_read_reports_Failure_so_the_host_retries_and_poisons_it(string text)
    {
        var response = await worker.InvokeAsync("ScoreSubmission", new ParameterBinding { Name = "message", Data = new TypedData { String = text } }, DequeueMetadata(1));

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        Assert.Contains("ScoreSubmissionMessage", response.Result.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_a_submission_deleted_since_it_was_queued_succeeds_with_a_log_line()
    {
        var gone = Guid.NewGuid().ToString();
        var message = $$"""{"networkId":"net-gone","roundId":"round-gone","schoolId":"school-a","submissionId":"{{gone}}"}""";

        var response = await worker.InvokeAsync("ScoreSubmission", new ParameterBinding { Name = "message", Data = new TypedData { String = message } }, DequeueMetadata(1));

        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, response.Result.Exception?.Message);
        // The worker streams its log lines ahead of the invocation's response, so the line is already here.
        Assert.Contains($"Submission {gone} of round round-gone no longer exists", worker.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_invocation_runs_the_round_clock_which_opens_a_round_whose_time_has_come()
    {
        var network = "net-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var draft = new Round("round-" + Guid.NewGuid().ToString("N")[..8], network, "Winter check", RoundState.Draft, now.AddMinutes(-1), now.AddDays(7),
            [new RoundInstrument("student-sel-6-12", 1, ResponseMode.Anonymous)], [], now.AddHours(-1));
        await worker.App.Service<RoundStore>().CreateAsync(draft, CancellationToken.None);
        var timer = JsonSerializer.Serialize(new { Schedule = new { AdjustForDST = true }, ScheduleStatus = new { Last = now.AddMinutes(-1), Next = now.AddMinutes(1), LastUpdated = now }, IsPastDue = false });

        var response = await worker.InvokeAsync("RoundClock", new ParameterBinding { Name = "timer", Data = new TypedData { Json = timer } }, []);

        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, response.Result.Exception?.Message);
        Assert.Equal(RoundState.Open, (await worker.App.Service<RoundStore>().GetAsync(network, draft.Id, CancellationToken.None))!.Round.State);
    }

    [Fact]
    public async Task A_survey_page_and_its_form_post_answer_under_the_host_exactly_as_standalone()
    {
        var token = await worker.OpenLinkAsync();
        var path = $"/api/surveys/{token}";

        using var standalonePage = await worker.StandaloneAsync(HttpMethod.Get, path + "?lang=es");
        var (workerPage, invocation) = await worker.ProxyAsync("GetSurvey", HttpMethod.Get, path + "?lang=es");

        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
        await AssertSameAnswerAsync(standalonePage, workerPage);

        using var standaloneSent = await worker.StandaloneAsync(HttpMethod.Post, path + "/responses", await FormFromAsync(standalonePage), Cookie(standalonePage));
        var (workerSent, posted) = await worker.ProxyAsync("SubmitSurvey", HttpMethod.Post, path + "/responses", await FormFromAsync(workerPage), Cookie(workerPage));

        Assert.Equal(StatusResult.Types.Status.Success, posted.Result.Status);
        Assert.Equal(HttpStatusCode.OK, standaloneSent.StatusCode);
        await AssertSameAnswerAsync(standaloneSent, workerSent);
        Assert.Contains("receipt", await workerSent.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_coach_route_without_the_key_is_refused_by_the_same_guard_under_the_host()
    {
        const string Path = "/api/coach/networks/north/audit";

        using var standalone = await worker.StandaloneAsync(HttpMethod.Get, Path);
        var (proxied, invocation) = await worker.ProxyAsync("GetAuditLog", HttpMethod.Get, Path);

        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, proxied.StatusCode);
        await AssertSameAnswerAsync(standalone, proxied);
        Assert.Equal("coach-key-required", JsonDocument.Parse(await proxied.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_network_limited_coach_key_is_held_to_its_network_by_the_same_guard_under_the_host()
    {
        foreach (var (network, allowed) in new[] { ("north", true), ("harbor", false) })
        {
            var path = $"/api/coach/networks/{network}/audit";
            using var standalone = await worker.StandaloneAsync(HttpMethod.Get, path, coachKey: NorthKey);
            var (proxied, invocation) = await worker.ProxyAsync("GetAuditLog", HttpMethod.Get, path, coachKey: NorthKey);

            Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, proxied.StatusCode);
            await AssertSameAnswerAsync(standalone, proxied);
            if (!allowed)
            {
                Assert.Equal("network-forbidden", JsonDocument.Parse(await proxied.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
            }
        }

        var (created, _) = await worker.ProxyAsync("CreateNetwork", HttpMethod.Post, "/api/coach/networks", JsonContent.Create(new { id = "north-two", name = "North two" }), coachKey: NorthKey);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal("organisation-key-required", JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    private static Dictionary<string, TypedData> DequeueMetadata(int count) => new() { ["DequeueCount"] = new TypedData { Json = count.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    /// <summary>Status, the headers a browser acts on, and the body with what differs on every answer (nonces, tokens, ids, receipts) blanked.</summary>
    private async Task AssertSameAnswerAsync(HttpResponseMessage standalone, HttpResponseMessage proxied)
    {
        Assert.True(standalone.StatusCode == proxied.StatusCode, $"{(int)standalone.StatusCode} standalone, {(int)proxied.StatusCode} under the host: {await proxied.Content.ReadAsStringAsync()}\n{worker.Host.Output}");
        Assert.Equal(standalone.Content.Headers.ContentType?.ToString(), proxied.Content.Headers.ContentType?.ToString());
        foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control", "WWW-Authenticate", "Retry-After" })
        {
            Assert.Equal(Normalize(Header(standalone, header)), Normalize(Header(proxied, header)));
        }

        Assert.Equal(Normalize(await standalone.Content.ReadAsStringAsync()), Normalize(await proxied.Content.ReadAsStringAsync()));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static string? Normalize(string? text) => text is null ? null : Varying().Replace(text, "*");

    private static string? Cookie(HttpResponseMessage page) =>
        page.Headers.TryGetValues("Set-Cookie", out var cookies) ? string.Join("; ", cookies.Select(c => c.Split(';')[0])) : null;

    /// <summary>The form the page posts: its hidden fields (anti-forgery token, submission id, instrument) and one answer.</summary>
    private static async Task<FormUrlEncodedContent> FormFromAsync(HttpResponseMessage page)
    {
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["a:competency-1"] = "4";
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("nonce-[A-Za-z0-9+/=]+|nonce=\"[^\"]*\"|value=\"[A-Za-z0-9_-]{40,}\"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z2-9]{4}-[A-Z2-9]{4}|\"traceId\":\"[^\"]*\"")]
    private static partial Regex Varying();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();

    /// <summary>
    /// One worker for the whole class, under one stand-in host, beside the standalone app (runner off, so queue messages
    /// wait for the stand-in host) on the same Azurite account.
    /// </summary>
    public sealed class Worker : IAsyncLifetime
    {
        private static readonly string AppDirectory = AppContext.BaseDirectory;
        private readonly Dictionary<string, RpcFunctionMetadata> _functions = [];

        public StandaloneApp App { get; } = new();

        public StandInHost Host { get; private set; } = null!;

        public WorkerInitResponse Init { get; private set; } = null!;

        public FunctionMetadataResponse Metadata { get; private set; } = null!;

        public List<FunctionLoadResponse> Loaded { get; } = [];

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            Host = await StandInHost.StartAsync(AppDirectory, new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = App.ConnectionString,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:ReadinessPipeline"] = "Information",
                ["Coach:KeyHashes:0"] = NorthKeyEntry,
            });
            Init = await Host.InitAsync(AppDirectory);
            Metadata = await Host.MetadataAsync(AppDirectory);
            foreach (var function in Metadata.FunctionMetadataResults)
            {
                _functions[function.Name] = function;
                Loaded.Add(await Host.LoadAsync(function));
            }
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await App.DisposeAsync();
        }

        /// <summary>A survey link of a round open now in both clocks: the standalone app's test clock and the worker's real one.</summary>
        public async Task<string> OpenLinkAsync()
        {
            var now = DateTimeOffset.UtcNow < App.Clock.Now ? DateTimeOffset.UtcNow : App.Clock.Now;
            var round = new Round("round-" + Guid.NewGuid().ToString("N")[..8], "net-" + Guid.NewGuid().ToString("N")[..8], "Fall check", RoundState.Open,
                now.AddDays(-1), now.AddDays(400), [new RoundInstrument("student-sel-6-12", 1, ResponseMode.Anonymous)], [], now.AddDays(-2));
            await App.Service<RoundStore>().CreateAsync(round, CancellationToken.None);
            return await App.Service<LinkStore>().CreateAsync(hash => new SurveyLink(hash, LinkKind.Shared, round.NetworkId, round.Id, "school-a", "student-sel-6-12", 1, null, false), CancellationToken.None);
        }

        public async Task<HttpResponseMessage> StandaloneAsync(HttpMethod method, string path, HttpContent? body = null, string? cookie = null, string? coachKey = null)
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body };
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            if (coachKey is not null)
            {
                request.Headers.Add("X-Coach-Key", coachKey);
            }

            return await App.Http.SendAsync(request);
        }

        /// <summary>
        /// An HTTP invocation as the host makes it with the ASP.NET Core integration: the InvocationRequest (route values
        /// in the trigger metadata, a trace context) and the request itself to the worker's HTTP address, joined by the
        /// x-ms-invocation-id header.
        /// </summary>
        public async Task<(HttpResponseMessage Response, InvocationResponse Invocation)> ProxyAsync(string function, HttpMethod method, string path, HttpContent? body = null, string? cookie = null, string? coachKey = null)
        {
            var binding = JsonDocument.Parse(_functions[function].RawBindings.Single(b => b.Contains("httpTrigger", StringComparison.Ordinal))).RootElement;
            var values = new RouteValueDictionary();
            var route = "api/" + binding.GetProperty("route").GetString();
            Assert.True(new TemplateMatcher(TemplateParser.Parse(route), []).TryMatch(path.Split('?')[0], values), $"{path} does not match {route}");
            var metadata = values.ToDictionary(v => v.Key, v => new TypedData { String = (string)v.Value! });
            var invocationId = Guid.NewGuid().ToString();
            var invocation = Host.InvokeAsync(Request(function, invocationId, new ParameterBinding { Name = binding.GetProperty("name").GetString(), Data = new TypedData { Http = new RpcHttp { Method = method.Method, Url = new Uri(Host.HttpUri, path).ToString() } } }, metadata));

            using var client = new HttpClient { BaseAddress = Host.HttpUri };
            using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body };
            request.Headers.Add("x-ms-invocation-id", invocationId);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            if (coachKey is not null)
            {
                request.Headers.Add("X-Coach-Key", coachKey);
            }

            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return (response, await invocation);
        }

        /// <summary>Receives the message producers wrote (Base64, as host.json's messageEncoding says) and invokes the function with its text, as the host does.</summary>
        public async Task<InvocationResponse> InvokeFromQueueAsync(string function, string queueName, string expected)
        {
            var queue = new QueueClient(App.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var message = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value.Single(m => m.Body.ToString().Contains(expected, StringComparison.Ordinal));
            var response = await InvokeAsync(function, new ParameterBinding { Name = "message", Data = new TypedData { String = message.Body.ToString() } }, new Dictionary<string, TypedData>
            {
                ["DequeueCount"] = new() { Json = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["Id"] = new() { String = message.MessageId },
                ["PopReceipt"] = new() { String = message.PopReceipt },
            });
            if (response.Result.Status == StatusResult.Types.Status.Success)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }

            return response;
        }

        public Task<InvocationResponse> InvokeAsync(string function, ParameterBinding trigger, Dictionary<string, TypedData> metadata) =>
            Host.InvokeAsync(Request(function, Guid.NewGuid().ToString(), trigger, metadata));

        private InvocationRequest Request(string function, string invocationId, ParameterBinding trigger, Dictionary<string, TypedData> metadata)
        {
            var request = new InvocationRequest
            {
                InvocationId = invocationId,
                FunctionId = _functions[function].FunctionId,
                InputData = { trigger },
                TraceContext = new RpcTraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01" },
            };
            request.TriggerMetadata.Add(metadata);
            return request;
        }
    }

    /// <summary>The standalone app beside the worker, with its own trigger runner off.</summary>
    public sealed class StandaloneApp : AppFixture
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["LocalTriggers:Enabled"] = "false";
            settings["Coach:KeyHashes:0"] = NorthKeyEntry;
        }
    }

    /// <summary>A coach key limited to network "north", known to both the worker and the standalone app.</summary>
    public const string NorthKey = "coach-secret-key-north-only";

    private static string NorthKeyEntry => $"north-coach:{Rounds.CoachApp.Hash(NorthKey)}:north";
}
