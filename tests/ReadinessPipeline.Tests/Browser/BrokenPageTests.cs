using ReadinessPipeline.Tests.Checkers;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>A known-bad page fails every page checker, so a clean result means something.</summary>
[Collection(nameof(BrowserCollection))]
public class BrokenPageTests(BrowserFixture browser)
{
    private const string Broken = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Broken</title></head>
        <body>
        <img src="chart.png">
        <p style="color:#aaaaaa">Faint text</p>
        <input type="text" name="who">
        <div id="twice"></div><div id="twice"></div>
        </body></html>
        """;

    [Fact]
    public async Task A_broken_page_fails_axe_the_IBM_engine_html_validate_and_the_Nu_checker()
    {
        var (context, page) = await browser.NewPageAsync(bypassCsp: true);
        await using var _ = context;
        await page.RouteAsync("**/broken-page", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = Broken }));
        await page.GotoAsync(browser.Url("broken-page"));

        var (markup, findings) = await Checks.FindingsAsync(page, "broken-page");

        Assert.Equal(Broken, markup);
        foreach (var width in Checks.Widths.Select(w => w.Width))
        {
            Assert.Contains(findings, f => f.StartsWith($"axe-core at {width} px: image-alt", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith($"axe-core at {width} px: html-has-lang", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith($"axe-core at {width} px: color-contrast", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith($"IBM accessibility checker at {width} px: img_alt_valid (violation)", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.StartsWith($"IBM accessibility checker at {width} px: input_label_exists (violation)", StringComparison.Ordinal));
        }

        Assert.Contains(findings, f => f.StartsWith("html-validate: ", StringComparison.Ordinal) && f.Contains("no-dup-id", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("html-validate: ", StringComparison.Ordinal) && f.Contains("<html> is missing required \"lang\" attribute", StringComparison.Ordinal));

        var folder = Directory.CreateTempSubdirectory("readiness-broken-page-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "broken-page.html"), markup);
            var (exitCode, output) = await NuChecker.RunAsync(folder);
            Assert.Equal(1, exitCode);
            Assert.Contains("broken-page.html:7:", output, StringComparison.Ordinal);
            Assert.Contains("error: Duplicate ID “twice”.", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
