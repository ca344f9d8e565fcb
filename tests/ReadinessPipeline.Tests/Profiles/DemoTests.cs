using ReadinessPipeline.Cli;
using ReadinessPipeline.Cli.Demo;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;
using Spectre.Console;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>The demo runs a whole round through the app and leaves a report per school in the outbox.</summary>
[Collection(nameof(ConsoleCollection))]
public class DemoTests(CoachApp app) : IClassFixture<CoachApp>
{
    [Fact]
    public void The_demo_network_is_the_same_for_the_same_seed_and_has_a_small_school()
    {
        var first = DemoNetwork.Create(12, seed: 7);
        var second = DemoNetwork.Create(12, seed: 7);

        Assert.Equal(first.SchoolsCsv(), second.SchoolsCsv());
        Assert.Equal(first.RosterCsv(), second.RosterCsv());
        Assert.Equal(12, first.Schools.Select(s => s.Name).Distinct().Count());
        Assert.Equal(4, first.Schools[^1].Staff.Count);
        Assert.NotEqual(first.SchoolsCsv(), DemoNetwork.Create(12, seed: 8).SchoolsCsv());
    }

    [Fact]
    public async Task The_demo_runs_a_round_end_to_end_and_every_school_gets_its_report()
    {
        var (exit, output) = await CliRunner.RunAsync("demo", "--schools", "12", "--outbox", app.Outbox, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key);

        Assert.True(exit == 0, output);
        Assert.Equal(12, app.Emails("fall-2026", "school-report").Count);
        Assert.Single(app.Emails("fall-2026", "network-summary"));
        Assert.Contains("Not profiled", output, StringComparison.Ordinal);

        // Schools that ask for Spanish get their report in Spanish; every report reads practice next to readiness,
        // compares like with like, stages its next steps and shows item and role results.
        var reports = app.Emails("fall-2026", "school-report");
        var spanish = reports.Where(m => (m.Subject ?? "").Contains("su perfil de preparación", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, spanish.Count);
        Assert.All(spanish, m => Assert.Contains("Read this report in English", m.HtmlBody ?? "", StringComparison.Ordinal));
        var english = reports.Where(m => (m.HtmlBody ?? "").Contains("Practice today and readiness to go further", StringComparison.Ordinal)).ToList();
        // The ninth English school has 4 staff, under the floor: no staff results to read.
        Assert.Equal(8, english.Count);
        Assert.All(english, m => Assert.Contains("Owner:", m.HtmlBody ?? "", StringComparison.Ordinal));
        Assert.Contains(english, m => (m.HtmlBody ?? "").Contains("Staff and students on the same questions", StringComparison.Ordinal));
        Assert.Contains(english, m => (m.HtmlBody ?? "").Contains("Staff by role", StringComparison.Ordinal));
        Assert.Contains(english, m => (m.HtmlBody ?? "").Contains("Question by question", StringComparison.Ordinal));
        Assert.Contains(app.Outbox, output.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
