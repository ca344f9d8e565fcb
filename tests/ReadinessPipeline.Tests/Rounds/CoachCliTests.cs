using System.Text;
using ReadinessPipeline.Cli;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;
using Spectre.Console;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>The coach's tasks through the <c>readiness</c> command line, against the running app.</summary>
[Collection(nameof(ConsoleCollection))]
public class CoachCliTests(CoachApp app) : IClassFixture<CoachApp>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-").FullName;

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key]);

    private string File(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_coach_imports_opens_watches_and_closes_a_round_from_the_command_line()
    {
        var network = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var schools = new StringBuilder("school_id,name,district,grade_span,design_team_emails\n");
        var roster = new StringBuilder("school_id,email,role\n");
        for (var s = 1; s <= 12; s++)
        {
            schools.Append(System.Globalization.CultureInfo.InvariantCulture, $"school-{s:00},School {s:00},District B,9-12,team{s}@district.example\n");
            roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"school-{s:00},t{s}@district.example,teacher\nschool-{s:00},u{s}@district.example,support\n");
        }

        Assert.Equal(0, (await RunAsync("networks", "create", network, "--name", "CLI network")).ExitCode);
        var imported = await RunAsync("schools", "import", File("schools.csv", schools.ToString()), "--network", network);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("12 created", imported.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("roster", "import", File("roster.csv", roster.ToString()), "--network", network)).ExitCode);

        var created = await RunAsync("rounds", "create", "--network", network, "--name", "Winter check", "--id", "winter-check",
            "--instrument", "staff-readiness:confidential", "--instrument", "student-sel-6-12",
            "--opens", app.Clock.Now.AddDays(2).ToString("O"), "--closes", app.Clock.Now.AddDays(20).ToString("O"), "--reminder", "P5D");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("winter-check", created.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("rounds", "open", "winter-check", "--network", network)).ExitCode);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails("winter-check").Count == 24 + 12), because: "24 staff and 12 design-team emails");

        var status = await RunAsync("rounds", "status", "winter-check", "--network", network);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("School 07", status.Output, StringComparison.Ordinal);
        Assert.Contains("All schools", status.Output, StringComparison.Ordinal);

        var closed = await RunAsync("rounds", "close", "winter-check", "--network", network);
        Assert.Equal(0, closed.ExitCode);
        Assert.Contains("closing", closed.Output, StringComparison.Ordinal);
        var again = await RunAsync("rounds", "close", "winter-check", "--network", network);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already Closing", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_prints_each_refused_line_and_imports_nothing()
    {
        var network = "cli-" + Guid.NewGuid().ToString("N")[..8];
        await RunAsync("networks", "create", network, "--name", "CLI network");

        var result = await RunAsync("schools", "import", File("bad.csv", "school_id,name,district,grade_span,design_team_emails\nok-school,OK,D,K-5,a@b.example\nbad school,X,D,K-5,a@b.example\nthird,Y,D,K-5,nope\n"), "--network", network);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 3", result.Output, StringComparison.Ordinal);
        Assert.Contains("line 4", result.Output, StringComparison.Ordinal);
        Assert.Empty(await app.Service<NetworkStore>().ListSchoolsAsync(network, CancellationToken.None));
    }

    [Fact]
    public async Task A_coach_changes_settings_exports_resends_reads_the_audit_log_and_erases_a_round_from_the_command_line()
    {
        var (network, round) = await app.ProfiledRoundAsync(schools: 2, staffPerSchool: 5, studentsPerSchool: 5, schoolPrefix: "cli");

        var updated = await RunAsync("networks", "update", network, "--retention-days", "400", "--keep-trends", "false", "--coach-email", "lead.coach@network.example");
        Assert.Equal(0, updated.ExitCode);
        Assert.True(updated.Output.Contains("retention 400 days; trends not kept; 1 coach email(s)", StringComparison.Ordinal), updated.Output);
        var nothing = await RunAsync("networks", "update", network);
        Assert.Equal(1, nothing.ExitCode);
        Assert.Contains("Nothing to change", nothing.Output, StringComparison.Ordinal);
        var refused = await RunAsync("networks", "update", network, "--retention-days", "5");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Retention must be from 30 to 3650 days.", refused.Output, StringComparison.Ordinal);

        var csv = Path.Combine(_folder, "export.csv");
        var exported = await RunAsync("rounds", "export", round, "--network", network, "--output", csv);
        Assert.Equal(0, exported.ExitCode);
        Assert.StartsWith("school_id,", System.IO.File.ReadAllText(csv), StringComparison.Ordinal);
        Assert.Contains("cli-01", System.IO.File.ReadAllText(csv), StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("rounds", "resend", round, "--network", network, "--school", "cli-02")).ExitCode);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "school-report").Count(m => m.Headers["X-Readiness-School"] == "cli-02") == 2), because: "the re-sent report");

        // Erasing asks first: without --yes it lists and erases nothing.
        var asked = await RunAsync("data", "delete", "--network", network, "--round", round);
        Assert.Equal(1, asked.ExitCode);
        Assert.Contains("Nothing was erased. Run again with --yes", asked.Output, StringComparison.Ordinal);
        Assert.Matches(@"would remove \d+ item\(s\)", asked.Output);
        Assert.Equal("closed", (await app.StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString());
        Assert.Equal(1, (await RunAsync("data", "delete", "--network", network, "--round", round, "--school", "cli-01")).ExitCode);

        var erased = await RunAsync("data", "delete", "--network", network, "--round", round, "--yes");
        Assert.Equal(0, erased.ExitCode);
        Assert.Contains("Queued", erased.Output, StringComparison.Ordinal);
        using var coach = app.Coach();
        await AppFixture.EventuallyAsync(async () => (await coach.GetAsync($"api/coach/networks/{network}/rounds/{round}")).StatusCode == System.Net.HttpStatusCode.NotFound, because: "the erased round");

        var audit = await RunAsync("audit", "--network", network);
        Assert.Equal(0, audit.ExitCode);
        foreach (var action in new[] { "network.update", "data.export", "report.resend", "data.delete.dry-run", "data.delete.requested", "data.delete", "round.close" })
        {
            Assert.Contains(action, audit.Output, StringComparison.Ordinal);
        }

        Assert.Contains("test-coach", audit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("teacher1", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coach_lists_caps_and_replaces_shared_links_from_the_command_line()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 1, gradeSpan: "6-8");
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "student-sel-6-12", mode = "anonymous" } }, reminders: []);
        await CoachApp.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links", network).Count == 1), because: "the design team's links");
        string[] link = [round, "--network", network, "--school", "school-01", "--instrument", "student-sel-6-12"];

        var capped = await RunAsync(["shared-links", "cap", .. link, "--cap", "60"]);
        Assert.Equal(0, capped.ExitCode);
        Assert.Contains("now takes at most 60 answers (set by a coach)", capped.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync(["shared-links", "cap", .. link])).ExitCode);

        var listed = await RunAsync("shared-links", "list", round, "--network", network);
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"school-01\s*│\s*student-sel-6-12\s*│\s*active\s*│\s*0\s*│\s*60\s*│\s*coach", listed.Output);

        // 41 answers for the 40 students the school expects: the round status names it.
        var token = CoachApp.Tokens(app.Emails(round, "design-team-links", network).Single()).Single();
        for (var n = 0; n < 41; n++)
        {
            (await app.PostJsonAsync($"api/surveys/{token}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()))).EnsureSuccessStatusCode();
        }

        await CoachApp.EventuallyAsync(async () => (await app.StatusAsync(network, round)).GetProperty("overExpected").GetArrayLength() == 1, because: "41 answers scored");
        var status = await RunAsync("rounds", "status", round, "--network", network);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("More student answers than expected", status.Output, StringComparison.Ordinal);
        Assert.Contains("School 01 (41 answers, 40 expected)", status.Output, StringComparison.Ordinal);

        var replaced = await RunAsync(["shared-links", "replace", .. link]);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Contains("the design team gets the new one by email", replaced.Output, StringComparison.Ordinal);
        await CoachApp.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links", network).Count == 2), because: "the new link's email");
    }

    [Fact]
    public async Task A_wrong_coach_key_is_reported_without_a_stack_trace()
    {
        var (exit, output) = await CliRunner.RunAsync("networks", "create", "cli-x", "--name", "X", "--base-url", app.BaseAddress.ToString(), "--coach-key", "wrong");

        Assert.Equal(1, exit);
        Assert.Contains("The coach key is not valid", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
