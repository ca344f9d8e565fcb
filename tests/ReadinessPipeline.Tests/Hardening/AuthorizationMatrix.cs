using System.Net;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Privacy;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// Who may call what. The endpoints come from the app's own route table, so a new endpoint fails here until it is
/// placed in one of the classes below; each class is then called with no credential, a wrong coach key, the coach key,
/// and survey tokens of another school, round and instrument.
/// </summary>
public class AuthorizationMatrix(HardeningApp app) : IClassFixture<HardeningApp>
{
    /// <summary>Open to anyone: the health probe, the read-only survey preview for families and the coach API's OpenAPI document.</summary>
    private static readonly HashSet<string> Anonymous = ["GET /api/health", "GET /api/preview/{instrumentId}", "GET /api/openapi.json"];

    /// <summary>Opened by a survey link's token only.</summary>
    private static readonly HashSet<string> SurveyToken = ["GET /api/surveys/{token}", "POST /api/surveys/{token}/responses"];

    /// <summary>Opened by a report link's token only.</summary>
    private static readonly HashSet<string> ReportToken = ["GET /api/reports/{token}"];

    /// <summary>The dashboard's sign-in page and form: open to anyone (the form takes a coach key).</summary>
    private static readonly HashSet<string> DashboardSignIn = ["GET /api/dashboard/sign-in", "POST /api/dashboard/sign-in"];

    private const string WrongKey = "coach-secret-key-3";

    private static bool IsCoach(string route) => route.Contains(" /api/coach/", StringComparison.Ordinal);

    /// <summary>Opened by a dashboard session's cookie only (see <see cref="DashboardAccessTests"/>).</summary>
    public static bool IsDashboardSession(string route) =>
        (route.EndsWith(" /api/dashboard", StringComparison.Ordinal) || route.Contains(" /api/dashboard/", StringComparison.Ordinal)) && !DashboardSignIn.Contains(route);

    private IEnumerable<string> Routes() => app.Routes().Select(r => $"{r.Method} {r.Template}");

    [Fact]
    public void Every_endpoint_is_in_exactly_one_class_of_the_matrix()
    {
        var routes = Routes().ToList();

        Assert.All(routes, route =>
        {
            var classes = new[] { Anonymous.Contains(route), SurveyToken.Contains(route), ReportToken.Contains(route), IsCoach(route), DashboardSignIn.Contains(route), IsDashboardSession(route) };
            Assert.True(classes.Count(c => c) == 1, $"{route} is in {classes.Count(c => c)} classes of the authorization matrix; place it in exactly one.");
        });
        Assert.All(Anonymous.Concat(SurveyToken).Concat(ReportToken).Concat(DashboardSignIn), listed => Assert.Contains(listed, routes));
    }

    [Fact]
    public async Task Queue_and_timer_functions_have_no_address_and_every_HTTP_function_is_in_the_matrix()
    {
        var index = FunctionIndex.Load(AppContext.BaseDirectory);
        var routes = Routes().ToList();

        // Under the host only HTTP triggers get an address; standalone serves exactly those, so a queue or timer
        // function can be run by nobody but the host (or the local runner).
        Assert.Equal(index.Functions.Where(f => f.IsHttp).SelectMany(f => f.Methods.Select(m => $"{m} /api/{f.Route}")).Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
        foreach (var function in index.Functions.Where(f => !f.IsHttp))
        {
            Assert.DoesNotContain(routes, r => r.Contains(function.Name, StringComparison.OrdinalIgnoreCase));
            using var response = await SendAsync("POST", function.Name, [("X-Coach-Key", CoachApp.Key)], "{}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Every_coach_endpoint_refuses_no_key_a_wrong_key_and_survey_tokens_and_takes_the_coach_key()
    {
        var token = app.Open.Token("school-a", HardeningApp.Student);
        var coach = CoachRoutes();
        Assert.True(coach.Count >= 19, $"only {coach.Count} coach endpoints found");
        foreach (var (method, template) in coach)
        {
            var path = PathFor(method, template, app.Network, app.ScheduledRound);
            foreach (var (who, headers) in new (string, (string, string)[])[]
            {
                ("no key", []),
                ("a wrong key", [("X-Coach-Key", WrongKey)]),
                ("the key in the wrong header", [("Authorization", "Bearer " + CoachApp.Key)]),
                ("a survey token as the key", [("X-Coach-Key", token)]),
                ("a survey token as a bearer", [("Authorization", "Bearer " + token)]),
            })
            {
                using var refused = await SendAsync(method, path, headers);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {who}: {(int)refused.StatusCode}");
            }

            using var taken = await SendAsync(method, path, [("X-Coach-Key", CoachApp.Key)]);
            Assert.True((int)taken.StatusCode is < 500 and not (401 or 403), $"{method} {path} with the coach key: {(int)taken.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_coach_endpoint_refuses_a_key_of_other_networks_with_403_before_anything_is_read_or_written()
    {
        var before = await StorageInventory.SnapshotAsync(app.Storage);
        foreach (var (method, template) in CoachRoutes())
        {
            // The key names another network that exists and one that does not: the answer is the same for both.
            foreach (var network in new[] { app.Network, "not-created-either" })
            {
                var path = PathFor(method, template, network, app.ScheduledRound);
                using var refused = await SendAsync(method, path, [("X-Coach-Key", HardeningApp.OtherNetworkKey)]);
                var body = await refused.Content.ReadAsStringAsync();

                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with a key of other networks: {(int)refused.StatusCode} {body}");
                var expected = template.Contains("{networkId}", StringComparison.Ordinal) ? "network-forbidden" : "organisation-key-required";
                Assert.Equal(expected, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
            }
        }

        var after = await StorageInventory.SnapshotAsync(app.Storage);
        Assert.True(before.SetEquals(after), $"storage changed: +{string.Join("; ", after.Except(before))} -{string.Join("; ", before.Except(after))}");
    }

    [Fact]
    public async Task A_key_limited_to_a_network_acts_on_every_route_of_it_under_its_own_id_and_may_not_create_networks()
    {
        foreach (var (method, template) in CoachRoutes())
        {
            var path = PathFor(method, template, app.OtherNetwork, app.OtherRound);
            using var answer = await SendAsync(method, path, [("X-Coach-Key", HardeningApp.OtherNetworkKey)]);
            if (template.Contains("{networkId}", StringComparison.Ordinal))
            {
                Assert.True((int)answer.StatusCode is < 500 and not (401 or 403), $"{method} {path} with the network's own key: {(int)answer.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
                Assert.Equal("organisation-key-required", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
            }
        }

        // What it did is in its network's audit log under its own id; a created network would have been the org's.
        using var audit = await SendAsync("GET", $"api/coach/networks/{app.OtherNetwork}/audit", [("X-Coach-Key", HardeningApp.OtherNetworkKey)]);
        var actors = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Contains("harbor-coach", actors);
        using var network = await SendAsync("POST", "api/coach/networks", [("X-Coach-Key", HardeningApp.OtherNetworkKey)], $"{{\"id\":\"{app.OtherNetwork}-2\",\"name\":\"Second\"}}");
        Assert.Equal(HttpStatusCode.Forbidden, network.StatusCode);
        using var created = await SendAsync("GET", $"api/coach/networks/{app.OtherNetwork}-2/audit", [("X-Coach-Key", CoachApp.Key)]);
        Assert.Empty(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_round_of_another_network_cannot_be_reached_through_the_own_networks_address()
    {
        // The north key's own network, with the id of a round only the harbor network has: nothing of harbor's answers.
        foreach (var (method, template) in CoachRoutes().Where(r => r.Template.Contains("{roundId}", StringComparison.Ordinal) && r.Method is "GET" or "POST"))
        {
            var path = PathFor(method, template, app.Network, app.OtherRound);
            using var answer = await SendAsync(method, path, [("X-Coach-Key", HardeningApp.NetworkKey)]);
            Assert.True(answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{method} {path}: {(int)answer.StatusCode}");
        }
    }

    [Fact]
    public async Task A_survey_token_opens_only_its_own_school_round_and_instrument()
    {
        var other = await app.OpenRoundAsync(["school-a"], [HardeningApp.Student]);
        var mine = app.Open.Token("school-a", HardeningApp.Student);
        var path = $"api/surveys/{mine}/responses";

        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", $"api/surveys/{mine}", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("GET", "api/surveys/not-a-token", [("X-Coach-Key", CoachApp.Key)])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("POST", "api/surveys/not-a-token/responses", [("X-Coach-Key", CoachApp.Key)], HardeningApp.ValidSubmission())).StatusCode);

        // Another school: the body names school-b, the token is school-a's.
        var otherSchool = HardeningApp.ValidSubmission().Replace("\"version\"", "\"school\":\"school-b\",\"version\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("POST", path, [], otherSchool)).StatusCode);

        // Another instrument: the staff form's token cannot carry the student form.
        var staff = app.Open.Token("school-a", "staff-readiness");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync("POST", $"api/surveys/{staff}/responses", [], HardeningApp.ValidSubmission())).StatusCode);

        // A report link does not open with a survey token, nor with the coach key.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("GET", $"api/reports/{mine}", [("X-Coach-Key", CoachApp.Key)])).StatusCode);

        // Each round's token stores into its own round only.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("POST", path, [], HardeningApp.ValidSubmission())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("POST", $"api/surveys/{other.Token("school-a", HardeningApp.Student)}/responses", [], HardeningApp.ValidSubmission())).StatusCode);
        var archive = app.Service<Surveys.Storage.SubmissionArchive>();
        Assert.Single(await archive.SubmissionIdsAsync(other.Round.Key));
    }

    [Fact]
    public async Task The_anonymous_endpoints_answer_without_any_credential_and_show_no_staff_form()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "api/health", [])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", $"api/preview/{HardeningApp.Student}", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("GET", "api/preview/staff-readiness", [("X-Coach-Key", CoachApp.Key)])).StatusCode);
    }

    private List<(string Method, string Template)> CoachRoutes() => [.. app.Routes().Where(r => IsCoach($"{r.Method} {r.Template}"))];

    /// <summary>A coach route's address with real ids in it (a DELETE only as a dry run).</summary>
    private static string PathFor(string method, string template, string network, string round) =>
        template.Replace("{networkId}", network, StringComparison.Ordinal).Replace("{roundId}", round, StringComparison.Ordinal)
            .Replace("{schoolId}", "school-01", StringComparison.Ordinal).Replace("{instrumentId}", HardeningApp.Student, StringComparison.Ordinal)
            + (method == "DELETE" ? "?dryRun=true" : "");

    private async Task<HttpResponseMessage> SendAsync(string method, string path, (string Name, string Value)[] headers, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (json is not null || method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(json ?? "{}", Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await app.Http.SendAsync(request);
    }
}
