using AngleSharp.Html.Parser;

namespace ReadinessPipeline.Tests.Checkers;

public class EmailContrastTests
{
    [Theory]
    // Black on white is the scale's top: (1 + 0.05) / (0 + 0.05).
    [InlineData("#000000", "#ffffff", 21.0)]
    // #767676: channel 118/255 = 0.4627, linear ((0.4627 + 0.055) / 1.055)^2.4 = 0.1812, so (1.05) / (0.2312) = 4.54.
    [InlineData("#767676", "#ffffff", 4.54)]
    // #777 is #777777: channel 0.4667, linear 0.1845, ratio 1.05 / 0.2345 = 4.48, just under AA.
    [InlineData("#777", "#fff", 4.48)]
    [InlineData("white", "#ffffff", 1.0)]
    public void Contrast_ratios_match_the_WCAG_formula(string foreground, string background, double expected) =>
        Assert.Equal(expected, EmailContrast.Ratio(EmailContrast.Parse(foreground)!.Value, EmailContrast.Parse(background)!.Value), 2);

    [Fact]
    public void Text_inherits_colour_and_background_and_large_bold_text_needs_only_3_to_1()
    {
        var document = new HtmlParser().ParseDocument(
            """
            <body style="color:#777777">
            <table style="background:#ffffff"><tr><td>
            <p>grey body text</p>
            <p style="font-size:20px;font-weight:bold">large bold grey</p>
            <p style="color:#1b1b1b">dark text</p>
            </td></tr></table>
            <p bgcolor="#0b5394" style="color:#ffffff">white on blue</p>
            <p style="color:rgb(1,2,3)">unknown</p>
            </body>
            """);

        var findings = EmailContrast.Findings(document).ToList();

        Assert.Equal(2, findings.Count);
        Assert.StartsWith("#777777 on #ffffff is 4.48:1, under 4.5:1, at <p> \"grey body text\"", findings[0], StringComparison.Ordinal);
        Assert.StartsWith("colour \"rgb(1,2,3)\" is not one this check reads", findings[1], StringComparison.Ordinal);
    }
}
