using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Tests.Profiles;
using Xunit.Abstractions;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// The full school report in a real Chromium, in English and Spanish: its action plan prints on a page of its own, and a
/// screenshot of the page for a person to look at. Every page checker runs on the same report in
/// <see cref="SurveyPageKindsTests"/> (report-school, report-school-es).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class ReportPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public async Task The_full_report_prints_its_action_plan_on_its_own_page(string language)
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 8, score: 2, perDimension: new() { ["leadership"] = 4, ["desire-to-change"] = 5 }, role: "teacher")
            .Add("a", ProfileData.Staff, 6, score: 3, role: "support+administrator", answer: (n, item) => item.DontKnow && n < 2 ? Models.Item.DontKnowCode : null)
            .Add("a", ProfileData.Younger, 12, score: 3)
            .Result();
        var school = ProfileData.School("a") with { ReportLanguage = language };
        var report = ProfileBuilder.School(ProfileData.Inputs(data, [school]), school);
        var html = await new ReportRenderer(TemplateLibrary.LoadDefault()).SchoolPageAsync(report, ProfileData.Catalog.Framework("cce-essential"));
        var (context, page) = await browser.NewPageAsync(bypassCsp: true);
        await using var _ = context;
        await page.SetContentAsync(html);

        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, $"report-{language}-desktop")}");

        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        var breaks = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.action-plan')).breakBefore");
        Assert.Equal("page", breaks);
    }
}
