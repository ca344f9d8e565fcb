using ReadinessPipeline.Tests.Reports.Charts;
using SkiaSharp;
using Xunit.Abstractions;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// The report pages' SVG charts as Chromium draws them, next to the email's PNG of the same chart: the two are one
/// drawing, so they may differ only where text is anti-aliased by another engine.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class ChartSvgInBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ChartSvgTests.Charts), MemberType = typeof(ChartSvgTests))]
    public async Task Chromium_draws_the_svg_as_the_png_looks(string chart)
    {
        var png = ChartSvgTests.PngOf(chart);
        var (width, height) = Png.Size(png);
        var (context, page) = await browser.NewPageAsync(width, height, javaScript: false);
        await using var _ = context;
        await page.SetContentAsync($"<!DOCTYPE html><html lang=\"en\"><body style=\"margin:0\">{ChartSvgTests.Draw(chart)}</body></html>");

        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, $"chart-{chart}-png.png"), png);
        var shot = await page.Locator("svg").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"chart-{chart}-svg.png") });

        using var expected = Png.Decode(png);
        using var drawn = Png.Decode(shot);
        Assert.Equal((width, height), (drawn.Width, drawn.Height));
        // A pixel differs when nothing within one pixel of it in Chromium's drawing is close to its colour: edges may
        // fall a pixel apart (ScottPlot snaps shapes to whole pixels, Chromium does not), glyphs may not.
        var differing = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var colour = expected.GetPixel(x, y);
                var near = false;
                for (var dy = -1; dy <= 1 && !near; dy++)
                {
                    for (var dx = -1; dx <= 1 && !near; dx++)
                    {
                        near = x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height && Distance(colour, drawn.GetPixel(x + dx, y + dy)) <= 96;
                    }
                }

                if (!near)
                {
                    differing++;
                }
            }
        }

        // Text is under a tenth of a chart's area; a shape drawn in the wrong place or colour moves far more than this.
        var share = differing / (double)(width * height);
        output.WriteLine($"{chart}: {share:P2} of the pixels differ clearly");
        Assert.True(share < 0.03, $"{chart}: {share:P2} of the pixels differ clearly between the SVG in Chromium and the PNG");
    }

    private static int Distance(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
}
