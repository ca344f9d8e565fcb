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

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var exit = await Commands.Root().Parse([.. args, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key]).InvokeAsync();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

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
    public async Task A_wrong_coach_key_is_reported_without_a_stack_trace()
    {
        var output = new StringWriter();
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        var exit = await Commands.Root().Parse(["networks", "create", "cli-x", "--name", "X", "--base-url", app.BaseAddress.ToString(), "--coach-key", "wrong"]).InvokeAsync();

        Assert.Equal(1, exit);
        Assert.Contains("The coach key is not valid", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
