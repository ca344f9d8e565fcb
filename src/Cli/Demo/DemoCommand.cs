using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Demo;

/// <summary>
/// <c>readiness demo</c>: runs a complete simulated round against a running app, through its real HTTP endpoints and
/// queues: creates a network of fictional schools with rosters, opens a round, reads the invitation links out of the
/// email outbox, answers as staff and students, closes the round, waits for every report, and prints a summary.
/// </summary>
public static partial class DemoCommand
{
    private const string NetworkId = "demo-network";
    private const string RoundId = "fall-2026";
    private static readonly string[] CoachEmails = ["coach@network.example"];
    private static readonly string[] Reminders = ["P7D"];

    public static Command Create()
    {
        var outbox = new Option<DirectoryInfo>("--outbox") { Description = "The app's email outbox folder (Email:OutboxDirectory).", Required = true, CustomParser = Commands.FolderPath };
        var schools = new Option<int>("--schools") { Description = "Schools in the demo network.", DefaultValueFactory = _ => 14 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic network and answers.", DefaultValueFactory = _ => 2026 };
        var baseUrl = Commands.BaseUrlOption();
        var key = new Option<string?>("--coach-key") { Description = $"Coach key (default: ${CoachClient.KeyVariable})." };
        var insecure = CoachCommands.InsecureOption();
        schools.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 12 or > 60)
            {
                r.AddError("--schools must be from 12 to 60.");
            }
        });
        var command = new Command("demo", "Run a whole simulated round (14 schools by default) through the running app and print where the reports landed.")
        {
            outbox, schools, seed, baseUrl, key, insecure,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                using var coach = CoachClient.Create(result.GetValue(baseUrl)!, result.GetValue(key), result.GetValue(insecure));
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(result.GetValue(baseUrl)!.TrimEnd('/') + "/") };
                await RunAsync(coach, http, DemoNetwork.Create(result.GetValue(schools), result.GetValue(seed)), result.GetValue(outbox)!, result.GetValue(seed), cancellationToken);
                return 0;
            }
            catch (CliException e)
            {
                return e.Report();
            }
        });
        return command;
    }

    private static async Task RunAsync(CoachClient coach, HttpClient http, DemoNetwork network, DirectoryInfo outbox, int seed, CancellationToken cancellationToken)
    {
        var catalog = Catalog.LoadDefault();
        var work = Directory.CreateTempSubdirectory("readiness-demo-");
        AnsiConsole.MarkupLine($"[bold]Demo network:[/] {network.Schools.Count} schools, {network.Schools.Sum(s => s.Staff.Count)} staff");
        await coach.PostJsonAsync("api/coach/networks", new { id = NetworkId, name = "Riverbend Personalized Learning Network", coachEmails = CoachEmails }, cancellationToken);
        await coach.PutCsvAsync($"api/coach/networks/{NetworkId}/schools", Write(work, "schools.csv", network.SchoolsCsv()), cancellationToken);
        await coach.PutCsvAsync($"api/coach/networks/{NetworkId}/roster", Write(work, "roster.csv", network.RosterCsv()), cancellationToken);

        var now = DateTimeOffset.UtcNow;
        await coach.PostJsonAsync($"api/coach/networks/{NetworkId}/rounds", new
        {
            id = RoundId,
            name = "Fall 2026 readiness check",
            instruments = new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-3-5", mode = "anonymous" }, new { id = "student-sel-6-12", mode = "anonymous" } },
            opensAt = now.AddMinutes(1),
            closesAt = now.AddDays(14),
            reminders = Reminders,
        }, cancellationToken);
        await coach.PostAsync($"api/coach/networks/{NetworkId}/rounds/{RoundId}/open", cancellationToken);

        var expected = network.Schools.Sum(s => s.Staff.Count) + network.Schools.Count;
        var emails = await WaitForAsync("Waiting for the invitation emails", () => Emails(outbox, "invitation", "design-team-links"), e => e.Count >= expected, TimeSpan.FromSeconds(90), cancellationToken);
        var submissions = await PlanAsync(http, catalog, network, emails, seed, cancellationToken);
        await SubmitAsync(http, submissions, cancellationToken);

        await coach.PostAsync($"api/coach/networks/{NetworkId}/rounds/{RoundId}/close", cancellationToken);
        var status = await WaitForAsync("Building profiles and sending reports", () => coach.GetAsync($"api/coach/networks/{NetworkId}/rounds/{RoundId}", cancellationToken),
            s => s.GetProperty("round").GetProperty("state").GetString() == "closed" && s.GetProperty("reports").EnumerateArray().All(r => r.GetProperty("status").GetString() == "sent"),
            TimeSpan.FromMinutes(3), cancellationToken);

        PrintSummary(network, status, await Emails(outbox, "school-report"), outbox, submissions);
        work.Delete(recursive: true);
    }

    /// <summary>Who answers what: most invited staff, and a class-sized group of students on each shared link.</summary>
    private static async Task<List<(string School, string Token, object Body)>> PlanAsync(HttpClient http, Catalog catalog, DemoNetwork network, List<MimeMessage> emails, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var schools = network.Schools.ToDictionary(s => s.Id);
        var staff = catalog.Latest("staff-readiness")!;
        var plan = new List<(string, string, object)>();
        foreach (var invite in emails.Where(m => m.Headers["X-Readiness-Kind"] == "invitation").OrderBy(m => m.To.ToString(), StringComparer.Ordinal))
        {
            if (random.NextDouble() < 0.85)
            {
                var school = schools[invite.Headers["X-Readiness-School"]!];
                var (answers, openText) = DemoNetwork.StaffAnswers(staff, school, random);
                plan.Add((school.Id, Tokens(invite).Single(), Body(staff, answers, openText)));
            }
        }

        foreach (var team in emails.Where(m => m.Headers["X-Readiness-Kind"] == "design-team-links").OrderBy(m => m.Headers["X-Readiness-School"], StringComparer.Ordinal))
        {
            var school = schools[team.Headers["X-Readiness-School"]!];
            var tokens = Tokens(team).ToList();
            foreach (var token in tokens)
            {
                // The survey page names the instrument its link opens, as a browser would see it.
                var page = await http.GetStringAsync($"api/surveys/{token}", cancellationToken);
                var instrument = catalog.Latest(InstrumentField().Match(page).Groups[1].Value)!;
                for (var n = DemoNetwork.StudentsAnswering(school, tokens.Count, random); n > 0; n--)
                {
                    plan.Add((school.Id, token, Body(instrument, DemoNetwork.StudentAnswers(instrument, school, random), [])));
                }
            }
        }

        return plan;
    }

    private static async Task SubmitAsync(HttpClient http, List<(string School, string Token, object Body)> plan, CancellationToken cancellationToken)
    {
        var failures = 0;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).StartAsync(async progress =>
        {
            var task = progress.AddTask($"Answering as {plan.Count} staff and students", maxValue: plan.Count);
            await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, ct) =>
            {
                using var response = await http.PostAsJsonAsync($"api/surveys/{item.Token}/responses", item.Body, ct);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failures);
                }

                task.Increment(1);
            });
        });
        if (failures > 0)
        {
            throw new CliException($"{failures} submissions were not accepted.");
        }
    }

    private static void PrintSummary(DemoNetwork network, JsonElement status, List<MimeMessage> reports, DirectoryInfo outbox, List<(string School, string Token, object Body)> plan)
    {
        var rows = status.GetProperty("schools").EnumerateArray().ToList();
        var table = new Table().Title("Fall 2026 readiness check").AddColumns("School", "Grades", "Built as", "Staff", "Students", "Readiness profile (from the email)");
        foreach (var school in network.Schools)
        {
            var staffRow = rows.FirstOrDefault(r => r.GetProperty("schoolId").GetString() == school.Id && r.GetProperty("instrumentId").GetString() == "staff-readiness");
            var students = plan.Count(p => p.School == school.Id) - (staffRow.ValueKind == JsonValueKind.Object ? staffRow.GetProperty("responded").GetInt32() : 0);
            var subject = reports.FirstOrDefault(m => m.Headers["X-Readiness-School"] == school.Id)?.Subject ?? "";
            var profile = subject.Contains('(', StringComparison.Ordinal) ? subject[(subject.IndexOf('(', StringComparison.Ordinal) + 1)..^1] : "(no report)";
            table.AddRow(
                Markup.Escape(school.Name),
                school.GradeSpan,
                school.Archetype,
                staffRow.ValueKind == JsonValueKind.Object ? $"{staffRow.GetProperty("responded").GetInt32()}/{staffRow.GetProperty("invited").GetInt32()}" : "-",
                students.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(profile));
        }

        if (Console.IsOutputRedirected)
        {
            // A log or CI has no terminal width; do not wrap the profile names at 80 columns.
            AnsiConsole.Profile.Width = 200;
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[bold]{reports.Count}[/] design-team reports and the coaches' network summary are in [bold]{outbox.FullName}[/] (.eml files; open them in any mail client).");
    }

    private static async Task<T> WaitForAsync<T>(string what, Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        return await AnsiConsole.Status().StartAsync(what + "...", async _ =>
        {
            while (true)
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new CliException($"{what}: still not done after {timeout.TotalSeconds:F0} s. Is the app running with its queue runner?");
                }

                await Task.Delay(500, cancellationToken);
            }
        });
    }

    private static Task<List<MimeMessage>> Emails(DirectoryInfo outbox, params string[] kinds) =>
        Task.FromResult(Directory.Exists(outbox.FullName)
            ? outbox.GetFiles("*.eml").Select(f => MimeMessage.Load(f.FullName)).Where(m => m.Headers["X-Readiness-Round"] == RoundId && kinds.Contains(m.Headers["X-Readiness-Kind"])).ToList()
            : []);

    private static IEnumerable<string> Tokens(MimeMessage message) =>
        SurveyLink().Matches(message.TextBody ?? "").Select(m => m.Groups[1].Value).Distinct();

    private static object Body(Instrument instrument, Dictionary<string, object> answers, Dictionary<string, string> openText) =>
        new { submissionId = Guid.NewGuid().ToString(), instrument = instrument.Id, version = instrument.Version, language = "en", answers, openText };

    private static FileInfo Write(DirectoryInfo folder, string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return new FileInfo(path);
    }

    [GeneratedRegex(@"/api/surveys/([A-Za-z0-9_-]{43})")]
    private static partial Regex SurveyLink();

    [GeneratedRegex("name=\"instrument\" value=\"([a-z0-9-]+)\"")]
    private static partial Regex InstrumentField();
}
