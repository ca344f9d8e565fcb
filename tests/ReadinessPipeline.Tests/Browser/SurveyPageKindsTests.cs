using System.Net.Http.Json;
using Microsoft.Playwright;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Tests.Checkers;
using Xunit.Abstractions;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// Every kind of page a person meets (survey pages, reports) in a real Chromium: every page checker
/// (<see cref="Checks.PageAsync"/>) with zero findings, no sideways scrolling at 320 and 640 CSS px (400% and 200% zoom of a 1280 px window), visible keyboard focus, and
/// a screenshot at phone and desktop widths for a person to look at.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SurveyPageKindsTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string FirstAnswer = "#survey section:first-of-type fieldset:first-of-type .option:first-child";
    private const string SecondAnswer = "#survey section:first-of-type fieldset:first-of-type .option:nth-child(2)";

    /// <summary>Every page kind a person can meet, each in English and Spanish (the reports have one language).</summary>
    public static TheoryData<string> PageKinds =>
    [
        "form-staff-readiness",
        "form-staff-readiness-es",
        "form-student-sel-3-5",
        "form-student-sel-6-12-es",
        "form-staff-readiness-v2",
        "form-staff-readiness-v2-es",
        "form-student-sel-3-5-v2-es",
        "form-student-sel-6-12-v2",
        "form-with-errors",
        "form-with-errors-es",
        "form-with-script-errors",
        "form-offline-es",
        "thank-you-student-sel-3-5",
        "thank-you-staff-readiness-es",
        "closed",
        "closed-es",
        "not-open",
        "not-open-es",
        "used-link",
        "used-link-es",
        "revoked-link",
        "revoked-link-es",
        "unknown-link",
        "parent-preview-student-sel-3-5",
        "parent-preview-student-sel-6-12-es",
        "report-school",
        "report-school-es",
        "report-network",
        "report-unknown",
    ];

    [Theory]
    [MemberData(nameof(PageKinds))]
    public async Task Each_page_kind_passes_every_checker_reflows_without_sideways_scrolling_and_is_photographed(string kind)
    {
        var (context, page) = await browser.NewPageAsync(bypassCsp: true);
        await using var _ = context;
        await OpenAsync(page, kind);

        foreach (var (width, height, name) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, $"{kind}-{name}")}");
        }

        // The full report shares the email's markup (inline styles, table layout), so it is held to the email rules.
        await Checks.PageAsync(page, kind, kind.StartsWith("report-", StringComparison.Ordinal) && kind != "report-unknown" ? HtmlProfile.Email : HtmlProfile.Page);

        foreach (var width in new[] { 640, 320 })
        {
            await page.SetViewportSizeAsync(width, 700);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{kind} scrolls sideways by {overflow} px at {width} CSS px; too wide: {string.Join("; ", await TooWideAsync(page))}");
            if (width == 320)
            {
                await BrowserFixture.ScreenshotAsync(page, $"{kind}-320px", fullPage: false);
            }
        }
    }

    [Fact]
    public async Task A_closed_round_says_so_in_English_and_in_Spanish_and_offers_no_form()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        await SetStateAsync(round, RoundState.Closed);
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;

        var response = await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-6-12")}"));
        Assert.Equal(409, response!.Status);
        Assert.Equal("This survey has closed", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.Locator("form").CountAsync());

        await page.FocusAsync("nav a[hreflang=es]");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "lang=es");
        Assert.Equal("Esta encuesta ya cerró", await page.TextContentAsync("h1"));
        Assert.Equal("Esta encuesta ya terminó, así que no puede recibir respuestas nuevas. ¡Gracias!", await page.TextContentAsync("main p"));
    }

    [Fact]
    public async Task The_family_preview_is_read_only_without_being_a_form()
    {
        // WCAG 3.2.2 (technique H32): a form needs a submit button, so a page that cannot be sent is not a form.
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(browser.Url("api/preview/student-sel-6-12"));

        Assert.Equal(0, await page.Locator("form").CountAsync());
        Assert.Equal(0, await page.Locator("button, input[type=submit]").CountAsync());
        var controls = page.Locator("input, textarea, select");
        Assert.True(await controls.CountAsync() > 0);
        Assert.Equal(await controls.CountAsync(), await page.Locator("input:disabled, textarea:disabled, select:disabled").CountAsync());
    }

    [Fact]
    public async Task On_a_phone_answers_stack_inside_their_question_and_on_a_desktop_each_question_is_a_matrix_row()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "staff-readiness")}"));
        const string Geometry = """
            () => [...document.querySelectorAll('fieldset.item')].slice(0, 6).map(f => {
              const box = f.getBoundingClientRect(), legend = f.querySelector('legend').getBoundingClientRect();
              const options = [...f.querySelectorAll('.option')].map(o => o.getBoundingClientRect());
              return { top: box.top, border: parseFloat(getComputedStyle(f).borderTopWidth), legendTop: legend.top, legendBottom: legend.bottom, legendRight: legend.right,
                       lefts: options.map(o => Math.round(o.left)), tops: options.map(o => Math.round(o.top)) };
            })
            """;

        // Phone: the legend is inside the box, below its top border, and the answers are one per row under it.
        foreach (var item in await page.EvaluateAsync<ItemGeometry[]>(Geometry))
        {
            Assert.True(item.LegendTop >= item.Top + item.Border, $"legend at {item.LegendTop} overlaps the border at {item.Top}");
            Assert.Single(item.Lefts.Distinct());
            Assert.Equal(5, item.Tops.Distinct().Count());
            Assert.True(item.Tops.Min() >= item.LegendBottom);
        }

        // Desktop: the five answers side by side, right of the question, in the same columns on every row.
        await page.SetViewportSizeAsync(1280, 900);
        var rows = await page.EvaluateAsync<ItemGeometry[]>(Geometry);
        foreach (var item in rows)
        {
            Assert.Single(item.Tops.Distinct());
            Assert.Equal(5, item.Lefts.Distinct().Count());
            Assert.True(item.Lefts.Min() > item.LegendRight, "answers right of the question");
        }

        Assert.All(rows, item => Assert.Equal(rows[0].Lefts, item.Lefts));
    }

    [Fact]
    public async Task The_page_contacts_only_its_own_origin_keeps_answers_out_of_addresses_and_refuses_injected_script()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-6-12")}"));

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.head.appendChild(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));

        await KeyboardSurvey.ToFirstQuestionAsync(page);
        await KeyboardSurvey.ChooseAsync(page, "competency-1", 4);
        await page.FocusAsync("#send");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");

        var origin = new Uri(browser.Url("")).GetLeftPart(UriPartial.Authority);
        Assert.All(requests, r => Assert.Equal(origin, new Uri(r.Url).GetLeftPart(UriPartial.Authority)));
        var post = Assert.Single(requests, r => r.Method == "POST");
        Assert.Contains("a%3Acompetency-1=4", post.PostData, StringComparison.Ordinal);
        Assert.All(requests, r => Assert.DoesNotContain("competency", r.Url, StringComparison.Ordinal));
    }

    /// <summary>Where a question's box, legend and answers are on screen (CSS px), as the page reports it.</summary>
    private sealed class ItemGeometry
    {
        public double Top { get; set; }

        public double Border { get; set; }

        public double LegendTop { get; set; }

        public double LegendBottom { get; set; }

        public double LegendRight { get; set; }

        public int[] Lefts { get; set; } = [];

        public int[] Tops { get; set; } = [];
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_on_the_language_links_the_answers_and_the_send_button()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-3-5")}"));

        // The skip link is off screen until the keyboard reaches it, then on screen.
        await page.Keyboard.PressAsync("Tab");
        var skip = (await page.Locator("a.skip").BoundingBoxAsync())!;
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('skip')"));
        Assert.True(skip.X >= 0 && skip.Y >= 0 && skip.X + skip.Width <= 390, $"the focused skip link is at {skip.X}, {skip.Y}");
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusShowsAsync(page, "nav a[hreflang=en]", "nav a[hreflang=en]");

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusShowsAsync(page, FirstAnswer, FirstAnswer + " input");

        await page.Keyboard.PressAsync("ArrowRight");
        await AssertFocusShowsAsync(page, SecondAnswer, SecondAnswer + " input");

        await page.Locator("input[type=radio]").Last.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await AssertFocusShowsAsync(page, "#send", "#send");
    }

    /// <summary>The outermost elements that reach past the right edge of the window (outside scrolling regions), for a failure message.</summary>
    private static Task<string[]> TooWideAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const edge = document.documentElement.clientWidth;
          const scrolls = e => e && e !== document.body && (getComputedStyle(e).overflowX !== 'visible' || scrolls(e.parentElement));
          const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > edge + 0.5 && !scrolls(e.parentElement));
          return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 5)
            .map(e => `<${e.localName}> ${Math.round(e.getBoundingClientRect().right)} px: ${e.textContent.replace(/\s+/g, " ").trim().slice(0, 60)}`);
        }
        """);

    /// <summary>
    /// The element the keyboard is on draws a focus ring: a solid outline of at least 2 px, and pixels that differ
    /// from the same element without focus.
    /// </summary>
    private static async Task AssertFocusShowsAsync(IPage page, string shownOn, string focused)
    {
        Assert.True(await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", focused), $"focus is not on {focused}");
        var style = await page.EvaluateAsync<string[]>("s => { const c = getComputedStyle(document.querySelector(s)); return [c.outlineStyle, c.outlineWidth]; }", shownOn);
        Assert.Equal("solid", style[0]);
        Assert.True(double.Parse(style[1].TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"outline {style[1]} on {shownOn}");
        var box = (await page.Locator(shownOn).BoundingBoxAsync())!;
        var around = new Clip { X = Math.Max(0, box.X - 8), Y = Math.Max(0, box.Y - 8), Width = box.Width + 16, Height = box.Height + 16 };
        var withFocus = await page.ScreenshotAsync(new() { Clip = around });
        await page.EvaluateAsync("() => document.activeElement.blur()");
        var withoutFocus = await page.ScreenshotAsync(new() { Clip = around });
        Assert.NotEqual(Convert.ToBase64String(withFocus), Convert.ToBase64String(withoutFocus));
        await page.FocusAsync(focused);
    }

    private async Task OpenAsync(IPage page, string kind)
    {
        var language = kind.EndsWith("-es", StringComparison.Ordinal) ? "es" : "en";
        var name = language == "es" ? kind[..^3] : kind;
        var query = $"?lang={language}";
        switch (name)
        {
            case "form-staff-readiness" or "form-student-sel-3-5" or "form-student-sel-6-12":
                var instrument = name["form-".Length..];
                var round = await browser.OpenRoundAsync(["school-a"], [instrument]);
                await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", instrument)}{query}"));
                break;
            case "form-staff-readiness-v2" or "form-student-sel-3-5-v2" or "form-student-sel-6-12-v2":
                var newest = name["form-".Length..^"-v2".Length];
                var second = await browser.OpenRoundAsync(["school-a"], [newest], version: 2);
                var form = second.Token("school-a", newest);
                if (newest == "staff-readiness")
                {
                    // A shared staff link as the design team gets it: with the optional role question.
                    form = await browser.Service<LinkStore>().CreateAsync(
                        hash => new SurveyLink(hash, LinkKind.Shared, second.Round.NetworkId, second.Round.Id, "school-a", newest, 2, null, false) { RoleChoices = ["teacher", "support+administrator"] },
                        CancellationToken.None);
                }

                await page.GotoAsync(browser.Url($"api/surveys/{form}{query}"));
                break;
            case "form-with-errors":
                // The form as the server sends it back to a browser without JavaScript. The checks need script in the
                // page, so the form is posted natively (form.submit() skips the page's own submit handler).
                var practice = await browser.OpenRoundAsync(["school-a"], ["practice-check"]);
                await page.GotoAsync(browser.Url($"api/surveys/{practice.Token("school-a", "practice-check")}{query}"));
                var response = await KeyboardSurvey.PostFormAsync(page, () => page.EvaluateAsync("() => document.getElementById('survey').submit()"));
                Assert.Equal(400, response!.Status);
                Assert.Equal(2, await page.Locator("#error-summary li").CountAsync());
                break;
            case "form-with-script-errors":
                // The error summary the page's script writes when required questions are unanswered.
                var required = await browser.OpenRoundAsync(["school-a"], ["practice-check"]);
                await page.GotoAsync(browser.Url($"api/surveys/{required.Token("school-a", "practice-check")}{query}"));
                await page.ClickAsync("#send");
                await page.WaitForSelectorAsync("#error-summary");
                break;
            case "form-offline":
                var offline = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
                await page.GotoAsync(browser.Url($"api/surveys/{offline.Token("school-a", "student-sel-3-5")}{query}"));
                await page.CheckAsync("#survey fieldset:first-of-type input[value='4']");
                browser.Proxy.Cut();
                try
                {
                    await page.ClickAsync("#send");
                    await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.length > 0");
                }
                finally
                {
                    browser.Proxy.Resume();
                }

                break;
            case "thank-you-student-sel-3-5" or "thank-you-staff-readiness":
                var answered = name["thank-you-".Length..];
                var thanks = await browser.OpenRoundAsync(["school-a"], [answered]);
                var token = thanks.Token("school-a", answered);
                var receipt = await SubmitAsync(token, answered, language);
                await page.GotoAsync(browser.Url($"api/surveys/{token}{query}&receipt={receipt}"));
                Assert.Equal(receipt, await page.TextContentAsync("#receipt"));
                break;
            case "closed":
                var closed = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
                await SetStateAsync(closed, RoundState.Closed);
                await page.GotoAsync(browser.Url($"api/surveys/{closed.Token("school-a", "student-sel-3-5")}{query}"));
                Assert.Equal(language == "es" ? "Esta encuesta ya cerró" : "This survey has closed", await page.TextContentAsync("h1"));
                break;
            case "not-open":
                var later = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"]);
                await SetStateAsync(later, RoundState.Draft);
                var notOpen = await page.GotoAsync(browser.Url($"api/surveys/{later.Token("school-a", "staff-readiness")}{query}"));
                Assert.Equal(409, notOpen!.Status);
                break;
            case "used-link":
                var personal = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal);
                var link = personal.Token("school-a", "staff-readiness");
                await SubmitAsync(link, "staff-readiness", "en");
                await page.GotoAsync(browser.Url($"api/surveys/{link}{query}"));
                Assert.Equal(language == "es" ? "Este enlace ya se usó" : "This link has already been used", await page.TextContentAsync("h1"));
                break;
            case "revoked-link":
                var revoked = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal);
                var turnedOff = revoked.Token("school-a", "staff-readiness");
                await browser.Service<LinkStore>().RevokeAsync(LinkStore.Hash(turnedOff), CancellationToken.None);
                var gone = await page.GotoAsync(browser.Url($"api/surveys/{turnedOff}{query}"));
                Assert.Equal(410, gone!.Status);
                break;
            case "unknown-link":
                await page.GotoAsync(browser.Url($"api/surveys/not-a-real-token{query}"));
                Assert.Equal(language == "es" ? "Este enlace de la encuesta no funciona" : "This survey link does not work", await page.TextContentAsync("h1"));
                break;
            case "parent-preview-student-sel-3-5" or "parent-preview-student-sel-6-12":
                await page.GotoAsync(browser.Url($"api/preview/{name["parent-preview-".Length..]}{query}"));
                break;
            case "report-school" or "report-network":
                await page.GotoAsync(browser.Url($"api/reports/{await StoreReportAsync(name == "report-school", language)}"));
                Assert.Equal(0, await page.Locator("script").CountAsync());
                break;
            case "report-unknown":
                var unknown = await page.GotoAsync(browser.Url($"api/reports/{LinkStore.NewToken()}"));
                Assert.Equal(404, unknown!.Status);
                break;
            default:
                throw new ArgumentException($"Unknown page kind {kind}", nameof(kind));
        }
    }

    /// <summary>Stores a full report page (a school's in its report language) as BuildProfiles does and returns a link to it.</summary>
    private async Task<string> StoreReportAsync(bool school, string language)
    {
        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault());
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..8];
        var target = school ? ReportStore.SchoolTarget("a") : ReportStore.NetworkTarget;
        var html = school
            ? await renderer.SchoolPageAsync(SampleReports.School(language), Profiles.ProfileData.Catalog.Framework("cce-essential"))
            : await renderer.NetworkPageAsync(SampleReports.Network());
        var reports = browser.Service<ReportStore>();
        await reports.WriteAsync(new RoundKey("net", roundId), $"{target}/report.html", BinaryData.FromString(html), "text/html", CancellationToken.None);
        return await reports.CreateLinkAsync(new ReportLink("net", roundId, target, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
    }

    private async Task<string> SubmitAsync(string token, string instrument, string language)
    {
        var response = await browser.Http.PostAsJsonAsync($"api/surveys/{token}/responses", new
        {
            submissionId = Guid.NewGuid().ToString(),
            instrument,
            version = 1,
            language,
            answers = new Dictionary<string, int> { ["competency-1"] = 4 },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["receiptId"].ToString()!;
    }

    private async Task SetStateAsync(Tests.Infrastructure.TestRound round, RoundState state)
    {
        var rounds = browser.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { State = state }, CancellationToken.None);
    }
}
