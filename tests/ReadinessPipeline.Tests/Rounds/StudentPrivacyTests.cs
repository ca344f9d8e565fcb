using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Parser;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>The parent preview of student surveys, and opt-outs honoured in confidential student rounds.</summary>
public class StudentPrivacyTests(CoachApp app) : IClassFixture<CoachApp>
{
    [Theory]
    [InlineData("student-sel-3-5", "en")]
    [InlineData("student-sel-3-5", "es")]
    [InlineData("student-sel-6-12", "es")]
    public async Task Families_can_preview_a_student_survey_read_only_without_a_token(string instrument, string language)
    {
        var response = await app.Http.GetAsync($"api/preview/{instrument}?lang={language}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        Assert.NotEmpty(page.QuerySelectorAll("input[type=radio]"));
        Assert.All(page.QuerySelectorAll("input[type=radio]"), r => Assert.True(r.HasAttribute("disabled")));
        Assert.Null(page.QuerySelector("button[type=submit]"));
        Assert.Null(page.QuerySelector("script"));
        Assert.NotNull(page.QuerySelector(".notice"));
        Assert.Equal(2, page.QuerySelectorAll("nav a[hreflang]").Length);
    }

    [Fact]
    public async Task The_design_teams_preview_link_shows_the_instrument_version_the_round_asks()
    {
        var catalog = app.Service<ReadinessPipeline.Surveys.Instruments.Catalog>();
        var (v1, v2) = (catalog.Find("student-sel-6-12", 1)!, catalog.Find("student-sel-6-12", 2)!);
        Assert.NotEqual(v1.Items.Count, v2.Items.Count);
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 1, gradeSpan: "6-8");
        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "student-sel-6-12", version = 1, mode = "anonymous" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "design-team-links", network).Count == 1), because: "the design team's links");

        var link = System.Text.RegularExpressions.Regex.Match(app.Emails(round, "design-team-links", network).Single().TextBody!, @"/api/preview/[^\s]+").Value;
        Assert.Equal("/api/preview/student-sel-6-12?version=1", link);
        var page = await new HtmlParser().ParseDocumentAsync(await app.Http.GetStringAsync(link.TrimStart('/')));
        Assert.Equal(v1.Items.Count, page.QuerySelectorAll("input[type=radio]").Select(r => r.GetAttribute("name")).Distinct().Count());
        Assert.All(page.QuerySelectorAll("nav a[hreflang]"), a => Assert.StartsWith("/api/preview/student-sel-6-12?version=1&lang=", a.GetAttribute("href"), StringComparison.Ordinal));

        // Without a version, the newest; a version the instrument never had is not found; a malformed one is refused.
        var newest = await new HtmlParser().ParseDocumentAsync(await app.Http.GetStringAsync("api/preview/student-sel-6-12"));
        Assert.Equal(v2.Items.Count, newest.QuerySelectorAll("input[type=radio]").Select(r => r.GetAttribute("name")).Distinct().Count());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("api/preview/student-sel-6-12?version=9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync("api/preview/student-sel-6-12?version=two")).StatusCode);
    }

    [Fact]
    public async Task The_staff_survey_has_no_public_preview()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("api/preview/staff-readiness")).StatusCode);
    }

    [Fact]
    public async Task Opted_out_students_get_no_link_and_are_not_counted_as_invited()
    {
        var network = await app.NetworkAsync(schools: 1, staffPerSchool: 1, gradeSpan: "6-8");
        using var coach = app.Coach();
        var roster = new StringBuilder("school_id,email,role,grade\nschool-01,teacher1.s1@district.example,teacher,\n");
        for (var i = 1; i <= 4; i++)
        {
            roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"school-01,student{i}@students.example,student,7\n");
        }

        (await coach.PutAsync($"api/coach/networks/{network}/roster", new StringContent(roster.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await coach.PutAsync($"api/coach/networks/{network}/opt-outs", new StringContent("school_id,email\nschool-01,student2@students.example\n", Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();

        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "student-sel-6-12", mode = "confidential" } }, reminders: []);

        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 3), because: "3 student invitations");
        await app.DrainedAsync(StorageNames.InvitationQueue);
        var recipients = app.Emails(round, "invitation").Select(m => m.To.Mailboxes.Single().Address).Order().ToList();
        Assert.Equal(["student1@students.example", "student3@students.example", "student4@students.example"], recipients);
        var status = await app.StatusAsync(network, round);
        Assert.Equal(3, status.GetProperty("schools")[0].GetProperty("invited").GetInt32());
    }
}
