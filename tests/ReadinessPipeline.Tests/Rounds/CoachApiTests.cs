using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>Coach authentication, imports and round requests: bad input gets a clear error and changes nothing.</summary>
public class CoachApiTests(CoachApp app) : IClassFixture<CoachApp>
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-coach-key")]
    [InlineData("COACH-SECRET-KEY-1")]
    [InlineData("coach-secret-key-")]
    public async Task Without_a_valid_coach_key_nothing_answers_and_nothing_changes(string? key)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Coach-Key", key);
        }

        var id = "net-" + Guid.NewGuid().ToString("N")[..8];
        var responses = new[]
        {
            await client.PostAsJsonAsync("api/coach/networks", new { id, name = "Nope" }),
            await client.GetAsync($"api/coach/networks/{id}/rounds/any"),
            await client.PutAsync($"api/coach/networks/{id}/schools", Csv("school_id,name,district,grade_span,design_team_emails\n")),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("CoachKey", responses[0].Headers.WwwAuthenticate.ToString());
        Assert.Null(await app.Service<NetworkStore>().GetNetworkAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Both_the_current_and_the_rotated_key_are_accepted()
    {
        foreach (var key in new[] { CoachApp.Key, CoachApp.RotatedKey })
        {
            using var coach = app.Coach(key);
            var response = await coach.PostAsJsonAsync("api/coach/networks", new { id = "net-" + Guid.NewGuid().ToString("N")[..8], name = "Network" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task Re_importing_the_same_files_changes_nothing()
    {
        var network = await app.NetworkAsync(schools: 3, staffPerSchool: 2);
        using var coach = app.Coach();
        const string schools = "school_id,name,district,grade_span,design_team_emails,expected_students\nschool-01,School 01,District A,K-8,team1@district.example;lead1@district.example,40\n";

        var again = await (await coach.PutAsync($"api/coach/networks/{network}/schools", Csv(schools))).Content.ReadFromJsonAsync<JsonElement>();
        var roster = await (await coach.PutAsync($"api/coach/networks/{network}/roster", Csv("school_id,email,role\nschool-01,teacher1.s1@district.example,teacher\nschool-01,teacher2.s1@district.example,teacher\n"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((0, 0, 1), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 2, 0), (roster.GetProperty("created").GetInt32(), roster.GetProperty("unchanged").GetInt32(), roster.GetProperty("removed").GetInt32()));
        Assert.Equal(3, (await app.Service<NetworkStore>().ListSchoolsAsync(network, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_roster_import_sets_each_listed_schools_people_exactly()
    {
        var network = await app.NetworkAsync(schools: 2, staffPerSchool: 3);
        using var coach = app.Coach();

        var summary = await (await coach.PutAsync($"api/coach/networks/{network}/roster", Csv("school_id,email,role\nschool-01,teacher1.s1@district.example,teacher\nschool-01,new.person@district.example,support\n"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((1, 1, 2), (summary.GetProperty("created").GetInt32(), summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("removed").GetInt32()));
        var roster = await app.Service<NetworkStore>().ListRosterAsync(network, null, CancellationToken.None);
        Assert.Equal(2, roster.Count(p => p.SchoolId == "school-01"));
        Assert.Equal(3, roster.Count(p => p.SchoolId == "school-02"));
    }

    public static TheoryData<string, string, int, string> BadSchoolFiles => new()
    {
        { "missing column", "school_id,name,district,grade_span\nschool-x,X,D,K-5\n", 1, "design_team_emails" },
        { "duplicate school id", "school_id,name,district,grade_span,design_team_emails\nschool-x,X,D,K-5,a@b.example\nschool-y,Y,D,K-5,a@b.example\nschool-x,X2,D,K-5,a@b.example\n", 4, "line 2" },
        { "invalid email", "school_id,name,district,grade_span,design_team_emails\nschool-x,X,D,K-5,a@b.example\nschool-y,Y,D,K-5,not-an-email\n", 3, "email" },
        { "direction override in a name", "school_id,name,district,grade_span,design_team_emails\nschool-x,Lincoln \u202Eloohcs,D,K-5,a@b.example\n", 2, "control character" },
    };

    [Theory]
    [MemberData(nameof(BadSchoolFiles))]
    public async Task A_bad_school_file_is_refused_with_its_line_number_and_imports_nothing(string why, string csv, int line, string mentions)
    {
        using var coach = app.Coach();
        var network = "net-" + Guid.NewGuid().ToString("N")[..8];
        await coach.PostAsJsonAsync("api/coach/networks", new { id = network, name = why });

        var response = await coach.PutAsync($"api/coach/networks/{network}/schools", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid-csv", problem.GetProperty("code").GetString());
        var error = problem.GetProperty("errors").EnumerateArray().First();
        Assert.Equal(line, error.GetProperty("line").GetInt32());
        Assert.Contains(mentions, error.GetProperty("message").GetString() + " " + error.GetProperty("column"), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await app.Service<NetworkStore>().ListSchoolsAsync(network, CancellationToken.None));
    }

    [Fact]
    public async Task Importing_into_an_unknown_network_is_404()
    {
        using var coach = app.Coach();

        var response = await coach.PutAsync("api/coach/networks/no-such-network/schools", Csv("school_id,name,district,grade_span,design_team_emails\n"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("North\nEast")]
    [InlineData("Tab\there")]
    [InlineData("Bell\u0007")]
    [InlineData("Harbor \u202Ekrowten")]
    [InlineData("Isolated \u2067name")]
    public async Task A_network_name_with_a_control_character_is_refused_when_created_and_when_renamed(string name)
    {
        using var coach = app.Coach();
        var id = "net-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await coach.PostAsJsonAsync("api/coach/networks", new { id, name });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("control characters", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(await app.Service<NetworkStore>().GetNetworkAsync(id, CancellationToken.None));

        (await coach.PostAsJsonAsync("api/coach/networks", new { id, name = "Plain name" })).EnsureSuccessStatusCode();
        using var renamed = await coach.PatchAsJsonAsync($"api/coach/networks/{id}", new { name });
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal("Plain name", (await app.Service<NetworkStore>().GetNetworkAsync(id, CancellationToken.None))!.Name);
    }

    public static TheoryData<string, object, string> BadRounds => new()
    {
        { "closes before opens", new { name = "R", instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(5), closesAt = AppFixture.Start.AddDays(2) }, "closesAt" },
        { "unknown instrument", new { name = "R", instruments = new[] { new { id = "student-happiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9) }, "instruments[0]" },
        { "unknown school", new { name = "R", instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9), schools = new[] { "school-99" } }, "schools" },
        { "bad mode", new { name = "R", instruments = new[] { new { id = "staff-readiness", mode = "secret" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9) }, "instruments[0].mode" },
        { "reminder after close", new { name = "R", instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9), reminders = new[] { "P10D" } }, "reminders[0]" },
        { "no name", new { instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9) }, "name" },
        { "escape sequence in the name", new { name = "Fall\u001b[2J check", instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9) }, "name" },
        { "direction override in the name", new { name = "Fall \u202Ekcehc", instruments = new[] { new { id = "staff-readiness" } }, opensAt = AppFixture.Start.AddDays(1), closesAt = AppFixture.Start.AddDays(9) }, "name" },
    };

    [Theory]
    [MemberData(nameof(BadRounds))]
    public async Task A_bad_round_is_refused_with_400_naming_the_field_and_nothing_is_created(string why, object body, string field)
    {
        var network = await app.NetworkAsync(schools: 1);
        using var coach = app.Coach();

        var response = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid-round", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: {problem}");
        Assert.Empty(await app.Service<RoundStore>().ListAsync(network, CancellationToken.None).ToListAsync());
    }
}
