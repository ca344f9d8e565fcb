using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using MimeKit;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// A coach runs a whole round from the browser, without the command line: signs in, creates a network, imports
/// schools (a refused file first, its problems shown by line and column), creates and opens a round, watches a
/// school's rate rise as answers arrive, closes the round, opens a school's report from the round page, and signs out,
/// after which the session's cookie no longer works.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class DashboardFlowTests(BrowserFixture browser)
{
    public const string SchoolsCsv = "school_id,name,district,grade_span,design_team_emails,expected_students\n"
        + "oak-ms,Oak Middle School,Springfield,6-8,team@oak.example,20\n"
        + "elm-ms,Elm Middle School,Springfield,6-8,team@elm.example,20\n";

    [Fact]
    public async Task A_coach_runs_a_whole_round_in_the_browser_and_signing_out_ends_the_session()
    {
        var networkId = "net-" + Guid.NewGuid().ToString("N")[..8];
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;

        // Any dashboard address sends a browser without a session to sign in; a wrong key is refused beside the field.
        await page.GotoAsync(browser.Url("api/dashboard"));
        Assert.EndsWith("/api/dashboard/sign-in", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#f-coachKey", "not-the-key");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]:text('Sign in')"), r => r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        await BrowserFixture.LoadedAsync(page);
        Assert.Equal("This coach key is not valid. Check that you copied all of it.", await page.TextContentAsync("#f-coachKey-error"));
        await DashboardBrowser.SignInAsync(page);
        Assert.Equal("Networks", await page.TextContentAsync("h1"));

        await page.FillAsync("#f-id", networkId);
        await page.FillAsync("#f-name", "Springfield network");
        await page.FillAsync("#f-coachEmails", "coach@springfield.example");
        await page.ClickAsync("button:text('Create network')");
        Assert.Equal("Springfield network", await page.TextContentAsync("h1"));

        // A refused file: nothing imported, every problem with its line and column.
        await DashboardBrowser.ImportAsync(page, "school_id,name,district,grade_span,design_team_emails\noak-ms,Oak Middle School,Springfield,6-8,not-an-email\n,Elm,Springfield,6-8,team@elm.example\n");
        var problems = await page.Locator("#import-errors li").AllTextContentsAsync();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Line 2, column design_team_emails: ", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Line 3, column school_id: ", problems[1], StringComparison.Ordinal);
        Assert.Equal("No schools yet. Import them below.", await page.TextContentAsync("#schools ~ p"));

        await DashboardBrowser.ImportAsync(page, SchoolsCsv);
        Assert.Equal(["Elm Middle School elm-ms", "Oak Middle School oak-ms"], (await page.Locator("tbody th").AllTextContentsAsync()).Select(Squash));

        // A round of the grade 6-12 student survey, created as a draft and then opened after the confirmation.
        await page.ClickAsync("a:text('Create a round')");
        await page.FillAsync("#f-name", "Autumn 2026");
        await page.CheckAsync("#f-use-student-sel-6-12");
        await page.FillAsync("#f-opensAt", "2026-11-02T08:00");
        await page.FillAsync("#f-closesAt", "2026-11-20T17:00");
        await page.FillAsync("#f-reminders", "");
        await page.ClickAsync("button:text('Create round')");
        Assert.Equal("Autumn 2026", await page.TextContentAsync("h1"));
        Assert.Equal("Draft", await page.TextContentAsync(".state"));
        await page.ClickAsync("a:text('Open now…')");
        Assert.Equal("Open Autumn 2026 now?", await page.TextContentAsync("h1"));
        await page.ClickAsync("button:text('Yes, open the round')");
        Assert.Equal("Open", await page.TextContentAsync(".state"));
        var roundUrl = page.Url.Split('?')[0];

        // Answers arrive through the school's shared link; the page's script updates the rates without a reload.
        var roundId = roundUrl[(roundUrl.LastIndexOf('/') + 1)..];
        var link = await SharedLinkAsync(roundId, "team@oak.example");
        const string OakRate = "#rates h3:text('Oak Middle School') + ul .rate-label";
        Assert.EndsWith(": 0 of 20 answered (0%)", await page.TextContentAsync(OakRate), StringComparison.Ordinal);
        for (var n = 0; n < 5; n++)
        {
            (await browser.Http.PostAsJsonAsync($"api/surveys/{link}/responses", CoachApp.StudentAnswer(Guid.NewGuid().ToString()))).EnsureSuccessStatusCode();
        }

        await page.Locator(OakRate).Filter(new() { HasText = "5 of 20" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.EndsWith(": 5 of 20 answered (25%)", await page.TextContentAsync(OakRate), StringComparison.Ordinal);
        Assert.Equal("5", await page.GetAttributeAsync("#rates h3:text('Oak Middle School') + ul progress", "value"));

        // The round page's shared-link actions: a cap for Oak's link, and a new link for Elm's design team.
        const string OakLink = ".shared-links li:has(h3:text('Oak Middle School'))";
        await page.GotoAsync(roundUrl);
        await page.FillAsync($"{OakLink} input[name=cap]", "30");
        await page.ClickAsync($"{OakLink} button:text('Save cap')");
        Assert.Equal("The cap was saved.", await page.TextContentAsync("p.notice"));
        Assert.Contains("5 of 30 answers taken; cap from a coach.", await page.TextContentAsync(OakLink), StringComparison.Ordinal);
        await page.ClickAsync(".shared-links li:has(h3:text('Elm Middle School')) button:text('Replace and send a new link')");
        Assert.Equal("The link was replaced; the design team gets the new one by email.", await page.TextContentAsync("p.notice"));

        await page.ClickAsync("a:text('Close now…')");
        await page.ClickAsync("button:text('Yes, close the round')");
        Assert.Contains(await page.TextContentAsync(".state"), new[] { "Closing", "Closed" });

        // The reports are built after closing; the round page links to each school's full report once they are.
        await BrowserFixture.EventuallyAsync(async () =>
        {
            await page.GotoAsync(roundUrl);
            return await page.Locator("a:text('Full report of Oak Middle School')").CountAsync() == 1;
        }, TimeSpan.FromSeconds(90), "the reports of the closed round");
        await page.ClickAsync("a:text('Full report of Oak Middle School')");
        Assert.Contains("Oak Middle School", await page.TextContentAsync("h1"), StringComparison.Ordinal);
        await page.GoBackAsync();

        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "rp-coach");
        await page.ClickAsync("button:text('Sign out')");
        Assert.EndsWith("/api/dashboard/sign-in?ended=signed-out", page.Url, StringComparison.Ordinal);
        Assert.Equal("You signed out. Sign in again to go on.", await page.TextContentAsync("p.notice"));
        await page.GotoAsync(roundUrl);
        Assert.EndsWith("/api/dashboard/sign-in", page.Url, StringComparison.Ordinal);

        // The cookie itself is dead, not just forgotten by this browser.
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = browser.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, roundUrl[roundUrl.IndexOf("/api/", StringComparison.Ordinal)..].TrimStart('/'));
        request.Headers.Add("Cookie", $"rp-coach={cookie.Value}");
        using var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/dashboard/sign-in?ended=expired", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_coach_signs_in_and_opens_a_round_with_the_keyboard_alone_and_always_sees_where_the_focus_is()
    {
        var networkId = "keys-" + Guid.NewGuid().ToString("N")[..8];
        using (var coach = new HttpClient { BaseAddress = browser.BaseAddress })
        {
            coach.DefaultRequestHeaders.Add("X-Coach-Key", BrowserFixture.CoachKey);
            (await coach.PostAsJsonAsync("api/coach/networks", new { id = networkId, name = "Keyboard network" })).EnsureSuccessStatusCode();
            (await coach.PutAsync($"api/coach/networks/{networkId}/schools", new StringContent(SchoolsCsv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
            (await coach.PostAsJsonAsync($"api/coach/networks/{networkId}/rounds", new
            {
                id = "by-keyboard",
                name = "By keyboard",
                instruments = new[] { new { id = "student-sel-6-12" } },
                opensAt = BrowserFixture.Start.AddDays(1),
                closesAt = BrowserFixture.Start.AddDays(10),
            })).EnsureSuccessStatusCode();
        }

        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;
        await page.GotoAsync(browser.Url("api/dashboard/sign-in"));

        await TabToAsync(page, "#f-coachKey");
        await page.Keyboard.TypeAsync(BrowserFixture.CoachKey);
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "/api/dashboard");
        await TabToAsync(page, $"a[href='/api/dashboard/networks/{networkId}']");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", networkId);
        await TabToAsync(page, $"a[href$='/rounds/by-keyboard']");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "/rounds/by-keyboard");
        await TabToAsync(page, "a[href$='/by-keyboard/open']");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "/by-keyboard/open");
        await TabToAsync(page, "main form button[type=submit]");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "done=opened");

        Assert.Equal("Open", await page.TextContentAsync(".state"));
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus, checking that every element on the way shows a focus outline.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var outline = await page.EvaluateAsync<string[]>("() => { const c = getComputedStyle(document.activeElement); return [document.activeElement.outerHTML.slice(0, 80), c.outlineStyle, c.outlineWidth]; }");
            Assert.True(outline[1] == "solid" && double.Parse(outline[2].TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"no visible focus on {outline[0]}: {outline[1]} {outline[2]}");
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector))
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"{selector} was not reached with the Tab key");
    }

    /// <summary>The shared survey link the round's design-team email gave one school's team.</summary>
    private async Task<string> SharedLinkAsync(string roundId, string team)
    {
        MimeMessage? email = null;
        await BrowserFixture.EventuallyAsync(() =>
        {
            email = Directory.Exists(browser.Outbox)
                ? Directory.GetFiles(browser.Outbox, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.Headers["X-Readiness-Round"] == roundId && m.To.Mailboxes.Any(a => a.Address == team))
                : null;
            return Task.FromResult(email is not null);
        }, TimeSpan.FromSeconds(60), "the design team's links");
        return CoachApp.Tokens(email!).First();
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>What the dashboard tests do often in the browser.</summary>
public static class DashboardBrowser
{
    /// <summary>Signs in with the fixture's coach key from the sign-in page (where any dashboard address leads) and waits for the networks page.</summary>
    public static async Task SignInAsync(IPage page)
    {
        await page.FillAsync("#f-coachKey", BrowserFixture.CoachKey);
        await BrowserFixture.NavigateAsync(page, () => page.ClickAsync("form[action$='/sign-in'] button"), url => url.EndsWith("/api/dashboard", StringComparison.Ordinal));
    }

    /// <summary>Sends a schools file through the network page's upload form.</summary>
    public static async Task ImportAsync(IPage page, string csv)
    {
        await page.SetInputFilesAsync("#file-schools", new FilePayload { Name = "schools.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("#import-schools button");
    }
}
