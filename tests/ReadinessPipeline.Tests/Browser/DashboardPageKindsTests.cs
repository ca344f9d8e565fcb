using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MimeKit;
using ReadinessPipeline.Tests.Checkers;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;
using Xunit.Abstractions;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// Every kind of dashboard page, in English and Spanish, in a real Chromium: every page checker
/// (<see cref="Checks.PageAsync"/>) with zero findings, no sideways scrolling at 320 CSS px, and a screenshot at phone
/// and desktop widths. The pages show one network with a draft, an open and a closed round (its reports built), made
/// once through the coach API.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class DashboardPageKindsTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly ConditionalWeakTable<BrowserFixture, Lazy<Task<DashboardScene>>> Scenes = [];

    public static TheoryData<string> PageKinds => [.. new[]
    {
        "sign-in", "sign-in-refused", "networks", "networks-refused", "network", "network-import-refused", "network-settings-refused",
        "new-round", "new-round-refused", "round-draft", "round-open", "round-closed", "confirm-open", "confirm-close",
        "audit", "delete", "delete-list", "delete-refused", "not-found",
    }.SelectMany(kind => new[] { kind, kind + "-es" })];

    [Theory]
    [MemberData(nameof(PageKinds))]
    public async Task Each_dashboard_page_passes_every_checker_reflows_at_320_px_and_is_photographed(string kind)
    {
        var scene = await Scenes.GetValue(browser, fixture => new Lazy<Task<DashboardScene>>(() => DashboardScene.CreateAsync(fixture))).Value;
        var (context, page) = await browser.NewPageAsync(bypassCsp: true);
        await using var _ = context;
        await OpenAsync(page, scene, kind);

        foreach (var (width, height, name) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, $"dashboard-{kind}-{name}")}");
        }

        await Checks.PageAsync(page, "dashboard-" + kind);

        await page.SetViewportSizeAsync(320, 700);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{kind} scrolls sideways by {overflow} px at 320 CSS px");
    }

    private static async Task OpenAsync(IPage page, DashboardScene scene, string kind)
    {
        var language = kind.EndsWith("-es", StringComparison.Ordinal) ? "es" : "en";
        var name = language == "es" ? kind[..^3] : kind;
        var network = $"api/dashboard/networks/{scene.Network}";
        await page.GotoAsync(scene.Url($"api/dashboard/sign-in?lang={language}"));
        if (name == "sign-in")
        {
            return;
        }

        if (name == "sign-in-refused")
        {
            await page.FillAsync("#f-coachKey", "not-the-key");
            await page.ClickAsync("form[action$='/sign-in'] button");
            await page.WaitForSelectorAsync("#f-coachKey-error");
            return;
        }

        await DashboardBrowser.SignInAsync(page);
        switch (name)
        {
            case "networks":
                break;
            case "networks-refused":
                await page.FillAsync("#f-id", "Not An Id!");
                await page.FillAsync("#f-coachEmails", "not-an-email");
                await page.ClickAsync("form[action$='/networks'] button");
                await page.WaitForSelectorAsync(".error-summary");
                break;
            case "network":
                await page.GotoAsync(scene.Url(network));
                break;
            case "network-import-refused":
                await page.GotoAsync(scene.Url(network));
                await DashboardBrowser.ImportAsync(page, "school_id,name\nbad id,School\n");
                await page.WaitForSelectorAsync("#import-errors");
                break;
            case "network-settings-refused":
                await page.GotoAsync(scene.Url(network));
                await page.FillAsync("#f-retentionDays", "ten");
                await page.ClickAsync("form[action$='/settings'] button");
                await page.WaitForSelectorAsync("#f-retentionDays-error");
                break;
            case "new-round":
                await page.GotoAsync(scene.Url($"{network}/new-round"));
                break;
            case "new-round-refused":
                await page.GotoAsync(scene.Url($"{network}/new-round"));
                await page.FillAsync("#f-closesAt", "");
                await page.ClickAsync("form[action$='/rounds'] button[type=submit]");
                await page.WaitForSelectorAsync(".error-summary");
                break;
            case "round-draft":
                await page.GotoAsync(scene.Url($"{network}/rounds/{scene.DraftRound}"));
                break;
            case "round-open":
                await page.GotoAsync(scene.Url($"{network}/rounds/{scene.OpenRound}"));
                break;
            case "round-closed":
                await page.GotoAsync(scene.Url($"{network}/rounds/{scene.ClosedRound}"));
                Assert.Equal(1, await page.Locator("table.heatmap").CountAsync());
                break;
            case "confirm-open":
                await page.GotoAsync(scene.Url($"{network}/rounds/{scene.DraftRound}/open"));
                break;
            case "confirm-close":
                await page.GotoAsync(scene.Url($"{network}/rounds/{scene.OpenRound}/close"));
                break;
            case "audit":
                await page.GotoAsync(scene.Url($"{network}/audit"));
                break;
            case "delete":
                await page.GotoAsync(scene.Url($"{network}/delete"));
                break;
            case "delete-list" or "delete-refused":
                await page.GotoAsync(scene.Url($"{network}/delete?scope=round:{scene.ClosedRound}"));
                if (name == "delete-refused")
                {
                    await page.FillAsync("#f-confirm", "not the id");
                    await page.ClickAsync("form[method=post][action$='/delete'] button");
                    await page.WaitForSelectorAsync("#f-confirm-error");
                }

                break;
            case "not-found":
                var missing = await page.GotoAsync(scene.Url($"{network}/rounds/no-such-round"));
                Assert.Equal(404, missing!.Status);
                break;
            default:
                throw new ArgumentException($"Unknown page kind {kind}", nameof(kind));
        }
    }
}

/// <summary>One network for the dashboard's page checks: three schools with staff, and a draft, an open and a closed round (reports built).</summary>
public sealed record DashboardScene(BrowserFixture App, string Network, string DraftRound, string OpenRound, string ClosedRound)
{
    public string Url(string path) => App.Url(path);

    public static async Task<DashboardScene> CreateAsync(BrowserFixture app)
    {
        using var coach = new HttpClient { BaseAddress = app.BaseAddress };
        coach.DefaultRequestHeaders.Add("X-Coach-Key", BrowserFixture.CoachKey);
        var network = "pages-" + Guid.NewGuid().ToString("N")[..8];
        (await coach.PostAsJsonAsync("api/coach/networks", new { id = network, name = "Riverside network", coachEmails = new[] { "coach@riverside.example" } })).EnsureSuccessStatusCode();
        var schools = new StringBuilder("school_id,name,district,grade_span,design_team_emails,expected_students\n");
        var roster = new StringBuilder("school_id,email,role\n");
        foreach (var (id, name) in new[] { ("north-ms", "North Middle School"), ("south-ms", "South Middle School"), ("east-ms", "East Middle School") })
        {
            schools.Append(System.Globalization.CultureInfo.InvariantCulture, $"{id},{name},Riverside,6-8,team@{id}.example,30\n");
            for (var p = 1; p <= 5; p++)
            {
                roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"{id},teacher{p}@{id}.example,teacher\n");
            }
        }

        (await coach.PutAsync($"api/coach/networks/{network}/schools", new StringContent(schools.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await coach.PutAsync($"api/coach/networks/{network}/roster", new StringContent(roster.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();

        var draft = await CreateRoundAsync(coach, network, "Spring 2027");
        var open = await CreateRoundAsync(coach, network, "Winter 2026");
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{open}/open", null)).EnsureSuccessStatusCode();
        var closed = await CreateRoundAsync(coach, network, "Autumn 2026");
        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{closed}/open", null)).EnsureSuccessStatusCode();
        var invitations = await EmailsAsync(app, closed, "invitation", 15);
        foreach (var (invitation, n) in invitations.Select((m, n) => (m, n)))
        {
            (await app.Http.PostAsJsonAsync($"api/surveys/{CoachApp.Tokens(invitation).Single()}/responses", new
            {
                submissionId = Guid.NewGuid().ToString(),
                instrument = "staff-readiness",
                version = 2,
                answers = new Dictionary<string, int> { ["leadership-1"] = 1 + (n % 5), ["technology-2"] = 5 - (n % 4), ["competency-1"] = 3 },
            })).EnsureSuccessStatusCode();
        }

        (await coach.PostAsync($"api/coach/networks/{network}/rounds/{closed}/close", null)).EnsureSuccessStatusCode();
        await AppFixture.EventuallyAsync(async () =>
        {
            var status = await coach.GetFromJsonAsync<JsonElement>($"api/coach/networks/{network}/rounds/{closed}");
            return status.GetProperty("round").GetProperty("state").GetString() == "closed"
                && status.GetProperty("reports").EnumerateArray().All(r => r.GetProperty("status").GetString() == "sent");
        }, TimeSpan.FromSeconds(90), "the closed round's reports");
        return new DashboardScene(app, network, draft, open, closed);
    }

    private static async Task<string> CreateRoundAsync(HttpClient coach, string network, string name)
    {
        var created = await coach.PostAsJsonAsync($"api/coach/networks/{network}/rounds", new
        {
            name,
            instruments = new object[] { new { id = "staff-readiness", mode = "confidential" }, new { id = "student-sel-6-12" } },
            opensAt = AppFixture.Start,
            closesAt = AppFixture.Start.AddDays(14),
            reminders = new[] { "P3D" },
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<MimeMessage>> EmailsAsync(BrowserFixture app, string round, string kind, int count)
    {
        List<MimeMessage> found = [];
        await AppFixture.EventuallyAsync(() =>
        {
            found = Directory.Exists(app.Outbox)
                ? [.. Directory.GetFiles(app.Outbox, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => m.Headers["X-Readiness-Round"] == round && m.Headers["X-Readiness-Kind"] == kind)]
                : [];
            return Task.FromResult(found.Count == count);
        }, TimeSpan.FromSeconds(60), $"{count} {kind} emails");
        return found;
    }
}
