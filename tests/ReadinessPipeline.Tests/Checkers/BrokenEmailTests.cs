using MimeKit;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>Known-bad emails fail every email check, so a clean result means something.</summary>
public class BrokenEmailTests
{
    private static readonly EmailRules Rules = new(new Uri("http://surveys.example.test/"), ["coach-secret-key-1"]);

    [Fact]
    public async Task A_broken_email_fails_every_email_check()
    {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"></head>
            <body style="color:#1b1b1b;font-family:Arial">
            <table width="100%"><tr><td bgcolor="#ffffff" style="display:flex">
            <p style="color:#999999">Faint text</p>
            <img src="https://tracker.example/pixel.png">
            <img src="cid:missing" alt="A chart with no part">
            <a href="http://elsewhere.example/">Plain http</a>
            <a href="https://surveys.example.test/api/coach?key=coach-secret-key-1">Coach</a>
            <strong>Only in the HTML</strong>
            <script>alert(1)</script>
            </td></tr></table>
            </body></html>
            """;
        var body = new BodyBuilder { HtmlBody = html, TextBody = "A short text that says little." };
        body.LinkedResources.Add("unused.png", [0x89, 0x50, 0x4E, 0x47], ContentType.Parse("image/png")).ContentId = "unused";
        var message = new MimeMessage { Subject = "Broken", Body = body.ToMessageBody() };

        var findings = await Checks.EmailFindingsAsync(message, Rules);

        var tools = findings.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["contrast", "doiuse-email", "html-validate", "images", "links", "markup", "text part"], tools.Order(StringComparer.Ordinal));
        Assert.Contains("markup: <html> has no dir", findings);
        Assert.Contains("markup: no <title>", findings);
        Assert.Contains("markup: <script> is stripped or blocked by mail clients", findings);
        Assert.Contains("markup: a layout table (no <th> headers) lacks role=\"presentation\"", findings);
        Assert.Contains("markup: <body> sets color:#1b1b1b but the outer table does not (Yahoo's apps drop <body>)", findings);
        Assert.Contains("images: <img src=\"https://tracker.example/pixel.png\"> has no alt text", findings);
        Assert.Contains("images: <img src=\"https://tracker.example/pixel.png\"> is not an inline (cid:) image: mail clients block remote and data: images", findings);
        Assert.Contains("images: cid:missing has no inline part with that Content-Id", findings);
        Assert.Contains("images: the inline part unused is not shown by the HTML", findings);
        Assert.Contains("links: <a href=\"http://elsewhere.example/\"> is neither https nor under http://surveys.example.test/", findings);
        Assert.Contains("links: the email carries a secret (coac...)", findings);
        Assert.Contains("text part: \"Only in the HTML\" is only in the HTML", findings);
        Assert.Contains(findings, f => f.StartsWith("contrast: #999999 on #ffffff is 2.85:1", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("html-validate: ", StringComparison.Ordinal) && f.EndsWith("Attribute \"bgcolor\" is deprecated on <td> element", StringComparison.Ordinal));
        Assert.Contains("doiuse-email: `display:flex` is not supported by `outlook.windows`", findings);
    }

    [Fact]
    public async Task An_email_without_a_plain_text_alternative_is_refused()
    {
        var message = new MimeMessage { Subject = "HTML only", Body = new TextPart("html") { Text = "<!DOCTYPE html><html lang=\"en\" dir=\"ltr\"><head><title>x</title></head><body><p>Hi</p></body></html>" } };

        var findings = await Checks.EmailFindingsAsync(message, Rules);

        Assert.Equal(["mime: an HTML part and a plain text alternative are both needed (HTML: True, text: False)"], findings);
    }
}
