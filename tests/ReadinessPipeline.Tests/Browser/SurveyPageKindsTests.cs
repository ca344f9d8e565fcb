using System.Net.Http.Json;
using Microsoft.Playwright;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using Xunit.Abstractions;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// Every kind of survey page in a real Chromium: an axe-core scan (no serious or critical WCAG 2.1 A/AA violation),
/// no sideways scrolling at 320 and 640 CSS px (400% and 200% zoom of a 1280 px window), visible keyboard focus, and
/// a screenshot at phone and desktop widths for a person to look at.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SurveyPageKindsTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string FirstAnswer = "#survey section:first-of-type fieldset:first-of-type .option:first-child";
    private const string SecondAnswer = "#survey section:first-of-type fieldset:first-of-type .option:nth-child(2)";

    public static TheoryData<string> PageKinds =>
    [
        "form-staff-readiness",
        "form-student-sel-3-5",
        "form-student-sel-6-12-es",
        "form-staff-readiness-v2",
        "form-student-sel-3-5-v2-es",
        "form-student-sel-6-12-v2",
        "form-with-errors-es",
        "thank-you-student-sel-3-5",
        "closed-es",
        "used-link",
        "unknown-link",
        "parent-preview-student-sel-3-5",
        "parent-preview-student-sel-6-12-es",
    ];

    [Theory]
    [MemberData(nameof(PageKinds))]
    public async Task Each_page_kind_has_no_serious_accessibility_problem_reflows_without_sideways_scrolling_and_is_photographed(string kind)
    {
        var (context, page) = await browser.NewPageAsync(bypassCsp: true);
        await using var _ = context;
        await OpenAsync(page, kind);

        foreach (var (width, height, name) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            var file = await BrowserFixture.ScreenshotAsync(page, $"{kind}-{name}");
            output.WriteLine($"screenshot: {file}");
            var violations = await BrowserFixture.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{kind} at {width} px:\n" + string.Join("\n", violations));
        }

        foreach (var width in new[] { 640, 320 })
        {
            await page.SetViewportSizeAsync(width, 700);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{kind} scrolls sideways by {overflow} px at {width} CSS px");
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
        await CloseAsync(round);
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

        await page.Keyboard.PressAsync("Tab");
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
        switch (kind)
        {
            case "form-staff-readiness":
            case "form-student-sel-3-5":
                var instrument = kind["form-".Length..];
                var round = await browser.OpenRoundAsync(["school-a"], [instrument]);
                await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", instrument)}"));
                break;
            case "form-staff-readiness-v2":
            case "form-student-sel-3-5-v2-es":
            case "form-student-sel-6-12-v2":
                var newest = kind["form-".Length..kind.IndexOf("-v2", StringComparison.Ordinal)];
                var second = await browser.OpenRoundAsync(["school-a"], [newest], version: 2);
                await page.GotoAsync(browser.Url($"api/surveys/{second.Token("school-a", newest)}{(kind.EndsWith("-es", StringComparison.Ordinal) ? "?lang=es" : "")}"));
                break;
            case "form-student-sel-6-12-es":
                var sixTwelve = await browser.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
                await page.GotoAsync(browser.Url($"api/surveys/{sixTwelve.Token("school-a", "student-sel-6-12")}?lang=es"));
                break;
            case "form-with-errors-es":
                // The form as the server sends it back to a browser without JavaScript. The scan needs script in the
                // page, so the form is posted natively (form.submit() skips the page's own submit handler).
                var practice = await browser.OpenRoundAsync(["school-a"], ["practice-check"]);
                await page.GotoAsync(browser.Url($"api/surveys/{practice.Token("school-a", "practice-check")}?lang=es"));
                var response = await KeyboardSurvey.PostFormAsync(page, () => page.EvaluateAsync("() => document.getElementById('survey').submit()"));
                Assert.Equal(400, response!.Status);
                Assert.Equal(2, await page.Locator("#error-summary li").CountAsync());
                break;
            case "thank-you-student-sel-3-5":
                var thanks = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
                var token = thanks.Token("school-a", "student-sel-3-5");
                var receipt = await SubmitAsync(token, "student-sel-3-5", "en");
                await page.GotoAsync(browser.Url($"api/surveys/{token}?lang=en&receipt={receipt}"));
                Assert.Equal(receipt, await page.TextContentAsync("#receipt"));
                break;
            case "closed-es":
                var closed = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
                await CloseAsync(closed);
                await page.GotoAsync(browser.Url($"api/surveys/{closed.Token("school-a", "student-sel-3-5")}?lang=es"));
                Assert.Equal("Esta encuesta ya cerró", await page.TextContentAsync("h1"));
                break;
            case "used-link":
                var personal = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal);
                var link = personal.Token("school-a", "staff-readiness");
                await SubmitAsync(link, "staff-readiness", "en");
                await page.GotoAsync(browser.Url($"api/surveys/{link}"));
                Assert.Equal("This link has already been used", await page.TextContentAsync("h1"));
                break;
            case "unknown-link":
                await page.GotoAsync(browser.Url("api/surveys/not-a-real-token"));
                Assert.Equal("This survey link does not work", await page.TextContentAsync("h1"));
                break;
            case "parent-preview-student-sel-3-5":
                await page.GotoAsync(browser.Url("api/preview/student-sel-3-5"));
                break;
            case "parent-preview-student-sel-6-12-es":
                await page.GotoAsync(browser.Url("api/preview/student-sel-6-12?lang=es"));
                break;
            default:
                throw new ArgumentException($"Unknown page kind {kind}", nameof(kind));
        }
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

    private async Task CloseAsync(Tests.Infrastructure.TestRound round)
    {
        var rounds = browser.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { State = RoundState.Closed }, CancellationToken.None);
    }
}
