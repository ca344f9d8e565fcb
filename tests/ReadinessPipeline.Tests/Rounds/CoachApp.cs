using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using MimeKit;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>The app with two valid coach keys (one "rotated") and the .eml outbox in a temporary folder.</summary>
public class CoachApp : AppFixture
{
    public const string Key = "coach-secret-key-1";
    public const string RotatedKey = "coach-secret-key-2";
    public const string PublicUrl = "http://surveys.example.test/";

    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), "outbox-" + Guid.NewGuid().ToString("N"));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Coach:KeyHashes:0"] = $"test-coach:{Hash(Key)}:*";
        settings["Coach:KeyHashes:1"] = $"rotated:{Hash(RotatedKey)}:*";
        settings["Email:OutboxDirectory"] = Outbox;
        settings["App:PublicUrl"] = PublicUrl;
        settings["Profiles:DelayMarginSeconds"] = "0";
    }

    public HttpClient Coach(string key = Key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Coach-Key", key);
        return client;
    }

    /// <summary>Every email in the outbox so far.</summary>
    public List<MimeMessage> Emails() =>
        Directory.Exists(Outbox) ? [.. Directory.GetFiles(Outbox, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))] : [];

    /// <summary>Emails tagged for a round (the outbox keeps tags as X-Readiness-* headers), of one network if given.</summary>
    public List<MimeMessage> Emails(string roundId, string? kind = null, string? network = null) =>
        [.. Emails().Where(m => m.Headers["X-Readiness-Round"] == roundId && (kind is null || m.Headers["X-Readiness-Kind"] == kind) && (network is null || m.Headers["X-Readiness-Network"] == network))];

    /// <summary>The survey token in an email's link.</summary>
    public static IEnumerable<string> Tokens(MimeMessage message) =>
        System.Text.RegularExpressions.Regex.Matches(message.TextBody ?? "", @"/api/surveys/([A-Za-z0-9_-]{43})").Select(m => m.Groups[1].Value).Distinct();

    /// <summary>A minimal valid grade 6-12 student answer body (two items) under the given submission id.</summary>
    public static object StudentAnswer(string submissionId) => new
    {
        submissionId,
        instrument = "student-sel-6-12",
        version = 2,
        answers = new Dictionary<string, int> { ["competency-1"] = 4, ["competency-2"] = 5 },
    };

    /// <summary>Runs a timer function once, now, in process as the local runner would; false when it failed.</summary>
    public Task<bool> FireTimerAsync(string function) =>
        Service<LocalInvocation>().FireTimerAsync(function, new TimerInfo { IsPastDue = false }, CancellationToken.None);

    /// <summary>Opens, answers and closes a round, and waits until its reports are sent: staff confidential (with comments), grades 6-12 anonymous.</summary>
    public async Task<(string Network, string Round)> ProfiledRoundAsync(int schools, int staffPerSchool, int studentsPerSchool, string schoolPrefix = "school")
    {
        var network = await NetworkAsync(schools, staffPerSchool, schoolPrefix: schoolPrefix);
        var round = await OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12", mode = "anonymous" } }, reminders: []);
        await EventuallyAsync(() => Task.FromResult(Emails(round, "invitation").Count == schools * staffPerSchool && Emails(round, "design-team-links").Count == schools), because: "the invitations");
        foreach (var invite in Emails(round, "invitation"))
        {
            (await PostJsonAsync($"api/surveys/{Tokens(invite).Single()}/responses", new
            {
                submissionId = Guid.NewGuid().ToString(),
                instrument = "staff-readiness",
                version = 2,
                answers = new Dictionary<string, int> { ["leadership-1"] = 4, ["technology-2"] = 2, ["competency-1"] = 3 },
                openText = new { needs = $"Private comment from {invite.To.Mailboxes.Single().Address}" },
            })).EnsureSuccessStatusCode();
        }

        foreach (var team in Emails(round, "design-team-links"))
        {
            for (var n = 0; n < studentsPerSchool; n++)
            {
                (await PostJsonAsync($"api/surveys/{Tokens(team).Single()}/responses", new
                {
                    submissionId = Guid.NewGuid().ToString(),
                    instrument = "student-sel-6-12",
                    version = 2,
                    answers = new Dictionary<string, int> { ["competency-1"] = 4, ["belonging-1"] = 3 },
                })).EnsureSuccessStatusCode();
            }
        }

        using var coach = Coach();
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{round}/close", null)).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => (await StatusAsync(network, round)).GetProperty("reports").EnumerateArray().All(r => r.GetProperty("status").GetString() == "sent")
            && (await StatusAsync(network, round)).GetProperty("round").GetProperty("state").GetString() == "closed", timeout: TimeSpan.FromSeconds(60), because: "the reports");
        return (network, round);
    }

    /// <summary>A network with <paramref name="schools"/> schools (K-8, so both student forms apply) and three staff each.</summary>
    public async Task<string> NetworkAsync(int schools, int staffPerSchool = 3, string gradeSpan = "K-8", string schoolPrefix = "school", string? id = null)
    {
        id ??= "net-" + Guid.NewGuid().ToString("N")[..10];
        using var coach = Coach();
        (await coach.PostAsJsonAsync("api/coach/networks", new { id, name = "Test network", coachEmails = new[] { "coach@network.example" } })).EnsureSuccessStatusCode();
        var schoolCsv = new StringBuilder("school_id,name,district,grade_span,design_team_emails,expected_students\n");
        var rosterCsv = new StringBuilder("school_id,email,role\n");
        for (var s = 1; s <= schools; s++)
        {
            schoolCsv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{schoolPrefix}-{s:00},School {s:00},District A,{gradeSpan},team{s}@district.example;lead{s}@district.example,40\n");
            for (var p = 1; p <= staffPerSchool; p++)
            {
                rosterCsv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{schoolPrefix}-{s:00},teacher{p}.s{s}@district.example,teacher\n");
            }
        }

        (await coach.PutAsync($"api/coach/networks/{id}/schools", new StringContent(schoolCsv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await coach.PutAsync($"api/coach/networks/{id}/roster", new StringContent(rosterCsv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Creates and opens a round: staff confidential, the student forms anonymous, reminders after 3 and 7 days.</summary>
    public async Task<string> OpenRoundAsync(string networkId, object? instruments = null, string[]? reminders = null, string? id = null)
    {
        using var coach = Coach();
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{networkId}/rounds", new
        {
            id,
            name = "Fall readiness check",
            instruments = instruments ?? new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-3-5" }, new { id = "student-sel-6-12" } },
            opensAt = Clock.Now.AddDays(1),
            closesAt = Clock.Now.AddDays(15),
            reminders = reminders ?? ["P3D", "P7D"],
        });
        created.EnsureSuccessStatusCode();
        var roundId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await coach.PostAsync($"api/coach/networks/{networkId}/rounds/{roundId}/open", null)).EnsureSuccessStatusCode();
        return roundId;
    }

    public async Task<JsonElement> StatusAsync(string networkId, string roundId)
    {
        using var coach = Coach();
        return await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{networkId}/rounds/{roundId}");
    }

    /// <summary>Submits a staff answer through a personal link from an email.</summary>
    public async Task<HttpResponseMessage> AnswerAsync(string token, string instrument = "staff-readiness") =>
        await PostJsonAsync($"api/surveys/{token}/responses", new
        {
            submissionId = Guid.NewGuid().ToString(),
            instrument,
            version = 2,
            answers = new Dictionary<string, int> { [instrument == "staff-readiness" ? "leadership-1" : "competency-1"] = 4 },
        });
}
