using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
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
    public async Task The_emails_say_until_which_day_their_link_opens_the_report_in_both_parts()
    {
        var report = Report(new ProfileData().Add("a", ProfileData.Staff, 6, score: 3));
        var until = new DateTimeOffset(2027, 3, 6, 23, 30, 0, TimeSpan.FromHours(-5)); // 04:30 UTC on 7 March

        var school = await Renderer.SchoolEmailAsync(report, null, "https://reports.example/r/abc", until);
        var network = await Renderer.NetworkEmailAsync(ProfileBuilder.Network(NetworkInputs()), null, "https://reports.example/r/def", until);
        var withoutLink = await Renderer.SchoolEmailAsync(report, null, null, until);

        const string SchoolWords = "The link opens the full report until 2027-03-07 (UTC). After that, ask your coach to send the report again.";
        Assert.Contains(SchoolWords, school.Text, StringComparison.Ordinal);
        Assert.Contains(SchoolWords, (await new HtmlParser().ParseDocumentAsync(school.Html)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The link opens the full summary until 2027-03-07 (UTC).", network.Text, StringComparison.Ordinal);
        Assert.Contains("The link opens the full summary until 2027-03-07 (UTC).", network.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("2027-03-07", withoutLink.Text + withoutLink.Html, StringComparison.Ordinal);
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

    [Fact]
    public async Task Every_word_of_the_network_summary_comes_from_the_report_words()
    {
        // Report words whose every text is its own key (placeholders kept): once the data's own names are taken out,
        // nothing but keys may be left in the subject, the page, the email and its text part.
        var words = KeysAsWords();
        var (network, heatmap) = (ProfileBuilder.Network(NetworkInputs() with { Words = words }), Png);
        Assert.Contains(network.Quality, q => q.Flagged);
        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault(), words);

        var email = await renderer.NetworkEmailAsync(network, heatmap, "https://reports.example/api/reports/abc");
        var page = await renderer.NetworkPageAsync(network);

        string[] data = ["Test network", "Fall", "School a", "School b", "School c", "Profile one", "Profile two", "Meaning one.", "Meaning two.", "staff-readiness",
            "https://reports.example/api/reports/abc", .. ProfileData.Staff.Dimensions.Select(d => d.Name.In("en")), ProfileData.Staff.Title.In("en")];
        foreach (var (name, text) in new[] { ("subject", email.Subject), ("text part", email.Text), ("email", Shown(email.Html)), ("page", Shown(page)) })
        {
            var left = data.OrderByDescending(d => d.Length).Aggregate(text, (rest, d) => rest.Replace(d, " ", StringComparison.Ordinal));
            while (Regex.IsMatch(left, "⟦[^⟦⟧]*⟧"))
            {
                left = Regex.Replace(left, "⟦[^⟦⟧]*⟧", " ");
            }

            Assert.True(Regex.Matches(left, @"\p{L}+").All(m => m.Value == "n"), $"{name} has words of its own: {Regex.Replace(left, @"\s+", " ")}");
        }
    }

    [Fact]
    public async Task The_network_summary_is_written_in_english_unless_another_language_is_asked_for()
    {
        var english = ProfileBuilder.Network(NetworkInputs());
        var spanish = ProfileBuilder.Network(NetworkInputs(), "es");

        var email = await Renderer.NetworkEmailAsync(spanish, Png, null);
        var page = await new HtmlParser().ParseDocumentAsync(await Renderer.NetworkPageAsync(spanish));

        Assert.Equal("en", english.Language);
        Assert.Equal("Test network: network summary", new HtmlParser().ParseDocument(await Renderer.NetworkPageAsync(english)).QuerySelector("h1")!.TextContent);
        Assert.Equal(("es", "ltr"), (page.DocumentElement.GetAttribute("lang"), page.DocumentElement.GetAttribute("dir")));
        Assert.Equal("Test network: resumen de la red", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Test network: resumen de la red de Fall", email.Subject);
        Assert.Equal(["Escuela", "Encuesta", "Invitados", "Respondieron", "Tasa"], page.QuerySelectorAll("table")[1].QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Contains("Las cifras de grupos de menos de 10 personas no se muestran", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Las escuelas se agruparon en 2 perfiles según los resultados del personal en esta encuesta y las 2 anteriores", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("Liderazgo", spanish.Quality.Select(q => q.DimensionName));
    }

    /// <summary>Three schools at the network floor with answers that do not hang together (a flagged alpha), two profiles and personas.</summary>
    private static ProfileInputs NetworkInputs()
    {
        var data = new ProfileData();
        foreach (var school in new[] { "a", "b", "c" })
        {
            data.Add(school, ProfileData.Staff, 12, answer: (n, item) => (byte)(1 + ((n * 7) + (item.Id.Length * 3) + item.Id[^1]) % 5));
        }

        var current = data.Result();
        var personas = new PersonaCounts(current.StaffVectorDimensions, [[.. current.StaffVectorDimensions.Select(_ => 4.0)], [.. current.StaffVectorDimensions.Select(_ => 2.0)]],
            new Dictionary<string, int[]> { ["a"] = [8, 4], ["b"] = [6, 6], ["c"] = [4, 8] });
        var profiles = new Dictionary<string, ProfileAssignment>
        {
            ["a"] = new("Profile one", "Meaning one.", true),
            ["b"] = new("Profile one", "Meaning one.", true),
            ["c"] = new("Profile two", "Meaning two.", true),
        };
        return ProfileData.Inputs(current, [ProfileData.School("a"), ProfileData.School("b"), ProfileData.School("c")], personas: personas, profiles: profiles) with
        {
            ProfileNote = new ReportNote("network.profileNote.clusteredWithMany", ("k", 2), ("earlier", 2), ("results", 9), ("silhouette", "0.61")),
        };
    }

    /// <summary>The report words with every text replaced by its key and its placeholders, e.g. <c>⟦network.heading {network}⟧</c>.</summary>
    private static ReportText KeysAsWords()
    {
        var english = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(Catalog.DefaultDirectory, "templates", "reports", "text.en.json")))!;
        var folder = Directory.CreateTempSubdirectory("report-words-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "text.en.json"), JsonSerializer.Serialize(english.ToDictionary(
                w => w.Key,
                w => "⟦" + w.Key + string.Concat(Regex.Matches(w.Value, @"\{\w+\}").Select(m => " " + m.Value)) + "⟧")));
            return ReportText.Load(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What a reader meets in an HTML document: its title, its text, and the alt and aria-label texts.</summary>
    private static string Shown(string html)
    {
        var document = new HtmlParser().ParseDocument(html);

        // A chart's text, each piece apart; a name the chart shortened to fit ("Family and communit…") is data, cut short.
        foreach (var text in document.QuerySelectorAll("svg text"))
        {
            text.TextContent = text.TextContent.EndsWith('…') ? " " : $" {text.TextContent} ";
        }

        return string.Join(" ", [document.Title ?? "", document.Body!.TextContent, .. document.QuerySelectorAll("[alt], [aria-label]").Select(e => e.GetAttribute("alt") ?? e.GetAttribute("aria-label"))]);
    }
}
