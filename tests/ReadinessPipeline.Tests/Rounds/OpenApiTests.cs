using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using NJsonSchema;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>The coach app recording every coach request it receives (method, path, content type, body), for the OpenAPI checks of the command line's requests.</summary>
public sealed class RecordingCoachApp : CoachApp
{
    public ConcurrentQueue<(string Method, string Path, string? ContentType, string Body)> Requests { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new Recorder(Requests));

    private sealed class Recorder(ConcurrentQueue<(string, string, string?, string)> requests) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, go) =>
            {
                if (http.Request.Path.StartsWithSegments("/api/coach", StringComparison.Ordinal))
                {
                    http.Request.EnableBuffering();
                    var body = await new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync();
                    http.Request.Body.Position = 0;
                    requests.Enqueue((http.Request.Method, http.Request.Path.Value!, http.Request.ContentType, body));
                }

                await go();
            });
            next(app);
        };
    }
}

/// <summary>
/// The OpenAPI 3.1 document of the coach API (<c>src/Functions/GetOpenApiDocument/openapi.json</c>): it parses as
/// OpenAPI 3.1, the app serves it, it lists exactly the coach routes of the app's route table, the bodies of real
/// calls (answers and problems) validate against its schemas, and so do the requests the command line sends.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class OpenApiTests(RecordingCoachApp app) : IClassFixture<RecordingCoachApp>
{
    private static readonly string DocumentPath = Path.Combine(AppContext.BaseDirectory, "GetOpenApiDocument", "openapi.json");
    private static readonly Lazy<JsonObject> Document = new(() => JsonNode.Parse(File.ReadAllText(DocumentPath))!.AsObject());

    [Fact]
    public async Task The_document_parses_as_OpenAPI_3_1_without_errors_or_warnings_and_the_app_serves_it()
    {
        await using var stream = File.OpenRead(DocumentPath);
        var read = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Diagnostic.Warnings);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Equal("X-Coach-Key", read.Document!.Components!.SecuritySchemes!["coachKey"].Name);

        using var served = await app.Http.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/json", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(DocumentPath), await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void It_describes_exactly_the_coach_routes_of_the_app_route_table()
    {
        var routes = FunctionIndex.Load(AppContext.BaseDirectory).Functions
            .Where(f => f.IsHttp && f.Route!.StartsWith("coach/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} /api/{f.Route}"))
            .Order(StringComparer.Ordinal);
        var described = Document.Value["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(routes, described);
    }

    [Fact]
    public async Task Answers_and_problems_of_real_calls_validate_against_the_document()
    {
        var network = "oa-" + Guid.NewGuid().ToString("N")[..8];
        using var coach = app.Coach();
        await CheckAsync(coach, HttpMethod.Post, "api/coach/networks", HttpStatusCode.Created, JsonContent.Create(new { id = network, name = "OpenAPI network", coachEmails = new[] { "coach@example.org" } }));
        await CheckAsync(coach, HttpMethod.Post, "api/coach/networks", HttpStatusCode.OK, JsonContent.Create(new { id = network, name = "OpenAPI network" }));
        await CheckAsync(coach, HttpMethod.Post, "api/coach/networks", HttpStatusCode.BadRequest, JsonContent.Create(new { id = "Not An Id", name = "" }));
        await CheckAsync(coach, HttpMethod.Patch, $"api/coach/networks/{network}", HttpStatusCode.OK, JsonContent.Create(new { retentionDays = 400, keepTrends = true }));
        await CheckAsync(coach, HttpMethod.Put, $"api/coach/networks/{network}/schools", HttpStatusCode.OK, Csv("school_id,name,district,grade_span,design_team_emails,expected_students\noak-ms,Oak,Springfield,6-8,team@oak.example,30\n"));
        await CheckAsync(coach, HttpMethod.Put, $"api/coach/networks/{network}/schools", HttpStatusCode.BadRequest, Csv("school_id,name\nBad Id,Oak\n"));
        await CheckAsync(coach, HttpMethod.Put, $"api/coach/networks/{network}/roster", HttpStatusCode.OK, Csv("school_id,email,role\noak-ms,t1@oak.example,teacher\n"));
        await CheckAsync(coach, HttpMethod.Put, $"api/coach/networks/{network}/opt-outs", HttpStatusCode.OK, Csv("school_id,email\noak-ms,kid@oak.example\n"));
        var round = (await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds", HttpStatusCode.Created, JsonContent.Create(new
        {
            name = "Autumn",
            instruments = new object[] { new { id = "student-sel-6-12" }, new { id = "staff-readiness", mode = "confidential" } },
            opensAt = app.Clock.Now,
            closesAt = app.Clock.Now.AddDays(10),
            reminders = new[] { "P3D" },
        })))["id"]!.GetValue<string>();
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds", HttpStatusCode.BadRequest, JsonContent.Create(new { name = "No instruments" }));
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{network}/rounds/no-such-round", HttpStatusCode.NotFound);
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds/{round}/open", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds/{round}/open", HttpStatusCode.Conflict);
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{network}/rounds/{round}", HttpStatusCode.OK);
        var link = $"api/coach/networks/{network}/rounds/{round}/schools/oak-ms/shared-links/student-sel-6-12";
        await AppFixture.EventuallyAsync(async () => (await coach.GetFromJsonAsync<JsonArray>($"api/coach/networks/{network}/rounds/{round}/shared-links"))!.Count > 0, because: "the shared links");
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{network}/rounds/{round}/shared-links", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Patch, link, HttpStatusCode.OK, JsonContent.Create(new { cap = 45 }));
        await CheckAsync(coach, HttpMethod.Patch, link, HttpStatusCode.BadRequest, JsonContent.Create(new { }));
        await CheckAsync(coach, HttpMethod.Post, link + "/replace", HttpStatusCode.Accepted);
        await CheckAsync(coach, HttpMethod.Post, link + "/turn-off", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{network}/rounds/{round}/export", HttpStatusCode.NotFound);
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds/{round}/schools/oak-ms/resend", HttpStatusCode.NotFound);
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{network}/rounds/{round}/close", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{network}/audit?max=50", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Delete, $"api/coach/networks/{network}/schools/oak-ms?dryRun=true", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Delete, $"api/coach/networks/{network}/rounds/{round}?dryRun=true", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Delete, $"api/coach/networks/{network}?dryRun=true", HttpStatusCode.OK);
        var empty = network + "-empty";
        await CheckAsync(coach, HttpMethod.Post, "api/coach/networks", HttpStatusCode.Created, JsonContent.Create(new { id = empty, name = "Nothing in it" }));
        await CheckAsync(coach, HttpMethod.Delete, $"api/coach/networks/{empty}", HttpStatusCode.Accepted);
        using var keyless = new HttpClient { BaseAddress = app.BaseAddress };
        await CheckAsync(keyless, HttpMethod.Get, $"api/coach/networks/{network}/audit", HttpStatusCode.Unauthorized);

        // A closed round with built reports: the status, the CSV and a report re-send.
        var (built, closed) = await app.ProfiledRoundAsync(schools: 1, staffPerSchool: 3, studentsPerSchool: 3);
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{built}/rounds/{closed}", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Get, $"api/coach/networks/{built}/rounds/{closed}/export", HttpStatusCode.OK);
        await CheckAsync(coach, HttpMethod.Post, $"api/coach/networks/{built}/rounds/{closed}/schools/school-01/resend", HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task The_command_line_sends_only_requests_the_document_describes_with_bodies_that_validate()
    {
        var network = "cli-oa-" + Guid.NewGuid().ToString("N")[..6];
        var schools = Path.GetTempFileName();
        await File.WriteAllTextAsync(schools, "school_id,name,district,grade_span,design_team_emails,expected_students\nelm-ms,Elm,Springfield,6-8,team@elm.example,30\n");
        var opens = app.Clock.Now.ToString("O");
        var closes = app.Clock.Now.AddDays(9).ToString("O");
        try
        {
            while (app.Requests.TryDequeue(out _))
            {
            }

            await CliAsync("networks", "create", network, "--name", "Command line network");
            await CliAsync("networks", "update", network, "--retention-days", "200", "--keep-trends", "true", "--coach-email", "coach@example.org");
            await CliAsync("schools", "import", schools, "--network", network);
            await CliAsync("rounds", "create", "--network", network, "--name", "Spring", "--id", "spring", "--instrument", "student-sel-6-12", "--instrument", "staff-readiness:confidential", "--opens", opens, "--closes", closes, "--reminder", "P3D");
            await CliAsync("rounds", "open", "spring", "--network", network);
            await CliAsync("rounds", "status", "spring", "--network", network);
            await CliAsync("shared-links", "list", "spring", "--network", network);
            await CliAsync("shared-links", "cap", "spring", "--network", network, "--school", "elm-ms", "--instrument", "student-sel-6-12", "--cap", "40");
            using (var coach = app.Coach())
            {
                await AppFixture.EventuallyAsync(async () => (await coach.GetFromJsonAsync<JsonArray>($"api/coach/networks/{network}/rounds/spring/shared-links"))!
                    .Any(l => l!["state"]!.GetValue<string>() == "active"), because: "the shared link's email");
            }

            await CliAsync("shared-links", "turn-off", "spring", "--network", network, "--school", "elm-ms", "--instrument", "student-sel-6-12");
            await CliAsync("rounds", "close", "spring", "--network", network);
            await CliAsync("audit", "--network", network);
            await CliAsync("data", "delete", "--network", network, "--round", "spring", "--dry-run");
        }
        finally
        {
            File.Delete(schools);
        }

        var requests = app.Requests.ToList();
        Assert.Contains(requests, r => r.Method == "PATCH" && r.Path.EndsWith("/shared-links/student-sel-6-12", StringComparison.Ordinal));
        Assert.True(requests.Count >= 12, $"only {requests.Count} requests recorded");
        foreach (var (method, path, contentType, body) in requests)
        {
            var (template, operation) = Operation(method, path);
            if (body.Length == 0)
            {
                Assert.True(operation["requestBody"] is null || operation["requestBody"]!["required"]?.GetValue<bool>() != true, $"{method} {template} sent no body, which the document requires");
                continue;
            }

            var media = contentType!.Split(';')[0];
            var schema = operation["requestBody"]?["content"]?[media]?["schema"];
            Assert.True(schema is not null, $"{method} {template} sent {media}, which the document does not describe");
            if (media == "application/json")
            {
                var errors = (await SchemaAsync(schema!)).Validate(body);
                Assert.True(errors.Count == 0, $"{method} {template} body {body}: {string.Join("; ", errors)}");
            }
        }
    }

    private async Task CliAsync(params string[] args)
    {
        var (exit, output) = await CliRunner.RunAsync([.. args, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key]);
        Assert.True(exit == 0, $"readiness {string.Join(' ', args)}: {output}");
    }

    /// <summary>Sends a request, checks its status, and validates its JSON answer (or problem) against the operation's schema; returns the body.</summary>
    private static async Task<JsonNode> CheckAsync(HttpClient client, HttpMethod method, string path, HttpStatusCode expected, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        var (template, operation) = Operation(method.Method, "/" + path.Split('?')[0]);
        var responses = operation["responses"]!.AsObject();
        var described = responses[((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"]!;
        var media = response.Content.Headers.ContentType!.MediaType!;
        var schema = described["content"]?[media]?["schema"];
        Assert.True(schema is not null, $"{method} {template} answered {(int)response.StatusCode} {media}, which the document does not describe");
        if (media.EndsWith("json", StringComparison.Ordinal))
        {
            var errors = (await SchemaAsync(schema!)).Validate(body);
            Assert.True(errors.Count == 0, $"{method} {template} {(int)response.StatusCode}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}\n{body}");
            return JsonNode.Parse(body)!;
        }

        return JsonValue.Create(body);
    }

    /// <summary>The document's path template and operation for a real request path.</summary>
    private static (string Template, JsonNode Operation) Operation(string method, string path)
    {
        foreach (var (template, item) in Document.Value["paths"]!.AsObject())
        {
            var pattern = "^" + System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", "[^/]+") + "$";
            if (System.Text.RegularExpressions.Regex.IsMatch(path, pattern) && item![method.ToLowerInvariant()] is { } operation)
            {
                return (template, operation);
            }
        }

        throw new Xunit.Sdk.XunitException($"{method} {path} is not in the OpenAPI document");
    }

    /// <summary>A schema of the document with the document's component schemas as its definitions, so its references resolve.</summary>
    private static Task<JsonSchema> SchemaAsync(JsonNode schema) =>
        JsonSchema.FromJsonAsync(new JsonObject
        {
            ["allOf"] = new JsonArray(schema.DeepClone()),
            ["definitions"] = Document.Value["components"]!["schemas"]!.DeepClone(),
        }.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
}
