using System.Text;
using AngleSharp.Html.Parser;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Tests.Profiles;

namespace ReadinessPipeline.Tests.Reports;

public class ReportRendererTests
{
    private static readonly ReportRenderer Renderer = new(TemplateLibrary.LoadDefault());
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];

    private static SchoolReport Report(ProfileData data, string school = "a", PersonaCounts? personas = null) =>
        ProfileBuilder.School(ProfileData.Inputs(data.Result(), [ProfileData.School(school)], personas: personas,
            profiles: new() { [school] = new ProfileAssignment("Developing: strong leadership", "Many practices are in place.", true) }), ProfileData.School(school));

    [Fact]
    public async Task The_email_shows_the_profile_the_scores_and_the_inline_chart_without_scripts()
    {
        var report = Report(new ProfileData().Add("a", ProfileData.Staff, 6, score: 3, perDimension: new() { ["leadership"] = 5, ["technology"] = 2 }));

        var email = await Renderer.SchoolEmailAsync(report, Png, "https://reports.example/r/abc");

        var page = await new HtmlParser().ParseDocumentAsync(email.Html);
        Assert.Contains("Developing: strong leadership", email.Subject, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Equal("cid:radar", page.QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("Leadership 5.0", page.QuerySelector("img")!.GetAttribute("alt"), StringComparison.Ordinal);
        Assert.Contains("5.00", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("https://reports.example/r/abc", email.Text, StringComparison.Ordinal);
        Assert.Equal(["radar.png", "a-round-scores.csv"], email.Attachments.Select(a => a.FileName));
        Assert.Equal("radar", email.Attachments[0].ContentId);
        Assert.Contains("Next steps", page.Body.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Four_staff_leave_no_number_in_the_email_the_page_or_the_csv()
    {
        // Every answer scores 4: a mean of 4.00 or 100% favorable anywhere would leak the small group.
        var report = Report(new ProfileData().Add("a", ProfileData.Staff, 4, score: 4));

        var email = await Renderer.SchoolEmailAsync(report, null, null);
        var page = await Renderer.SchoolPageAsync(report, null);
        var csv = Encoding.UTF8.GetString(ReportRenderer.SchoolCsv(report));

        var parser = new HtmlParser();
        foreach (var text in new[] { parser.ParseDocument(email.Html).Body!.TextContent, email.Text, parser.ParseDocument(page).Body!.TextContent, csv })
        {
            Assert.DoesNotContain("4.00", text, StringComparison.Ordinal);
            Assert.DoesNotContain("100%", text, StringComparison.Ordinal);
        }

        Assert.Contains("fewer than 5", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comments_are_escaped_on_the_full_page_and_kept_out_of_the_email()
    {
        var report = Report(new ProfileData().Add("a", ProfileData.Staff, 10, comments: n => new() { ["needs"] = n == 0 ? "<script>alert('x')</script> & more" : $"Need {n}" }));

        var email = await Renderer.SchoolEmailAsync(report, null, null);
        var page = await Renderer.SchoolPageAsync(report, null);

        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Need 3", email.Html, StringComparison.Ordinal);
        Assert.Contains("10 comments", email.Html, StringComparison.Ordinal);
        Assert.Contains("Need 3", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_cells_that_would_run_as_formulas_are_escaped()
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 6);
        var school = ProfileData.School("a") with { Name = "=HYPERLINK(\"http://evil.example\")" };
        var report = ProfileBuilder.School(ProfileData.Inputs(data.Result(), [school]), school);

        var csv = Encoding.UTF8.GetString(ReportRenderer.SchoolCsv(report));

        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_network_summary_shows_only_schools_at_the_network_floor()
    {
        var data = new ProfileData()
            .Add("a", ProfileData.Staff, 12, score: 2)
            .Add("b", ProfileData.Staff, 12, score: 3)
            .Add("c", ProfileData.Staff, 6, score: 5);
        var schools = new[] { ProfileData.School("a"), ProfileData.School("b"), ProfileData.School("c") };
        var network = ProfileBuilder.Network(ProfileData.Inputs(data.Result(), schools));

        var email = await Renderer.NetworkEmailAsync(network, Png, null);
        var csv = Encoding.UTF8.GetString(ReportRenderer.NetworkCsv(network)).Split('\n');

        var lineC = csv.Single(l => l.StartsWith("c,", StringComparison.Ordinal));
        Assert.DoesNotContain("5", lineC.Split(',').Skip(3), StringComparer.Ordinal);
        Assert.Contains("2", csv.Single(l => l.StartsWith("a,", StringComparison.Ordinal)).Split(',').Skip(3));
        Assert.Equal("cid:heatmap", new HtmlParser().ParseDocument(email.Html).QuerySelector("img")!.GetAttribute("src"));
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
    }
}
