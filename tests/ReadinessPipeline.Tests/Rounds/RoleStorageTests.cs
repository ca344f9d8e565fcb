using System.Net;
using System.Text;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>Through the real app: answers from personal links carry the person's role group, never a group under the floor.</summary>
public class RoleStorageTests(CoachApp app) : IClassFixture<CoachApp>
{
    [Fact]
    public async Task A_lone_principal_is_stored_only_inside_a_merged_role_group()
    {
        var network = await app.NetworkAsync(2, staffPerSchool: 1);
        var roster = new StringBuilder("school_id,email,role\n");
        void Add(string school, string role, int count)
        {
            for (var n = 1; n <= count; n++)
            {
                roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"{school},{role}{n}.{school}@district.example,{role}\n");
            }
        }

        // School 1: six teachers, five support staff, one principal: the principal joins the support staff (6).
        // School 2: six teachers, two support staff, one principal: support and principal (3) are still under 5, so
        // they would join the teachers, leaving one group: no role is stored at all.
        Add("school-01", "teacher", 6);
        Add("school-01", "support", 5);
        Add("school-01", "administrator", 1);
        Add("school-02", "teacher", 6);
        Add("school-02", "support", 2);
        Add("school-02", "administrator", 1);
        using (var coach = app.Coach())
        {
            (await coach.PutAsync($"api/coach/networks/{network}/roster", new StringContent(roster.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        }

        var round = await app.OpenRoundAsync(network, instruments: new object[] { new { id = "staff-readiness", mode = "confidential" } }, reminders: []);
        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Emails(round, "invitation").Count == 21), because: "the invitations");
        foreach (var invite in app.Emails(round, "invitation"))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.AnswerAsync(CoachApp.Tokens(invite).Single())).StatusCode);
        }

        var scores = app.Service<ScoreStore>();
        await AppFixture.EventuallyAsync(async () => await scores.ReadRoundAsync(new RoundKey(network, round), CancellationToken.None).CountAsync() == 21, because: "the score rows");
        var rows = await scores.ReadRoundAsync(new RoundKey(network, round), CancellationToken.None).ToListAsync();

        Assert.Equal(
            ["support+administrator:6", "teacher:6"],
            rows.Where(r => r.SchoolId == "school-01").GroupBy(r => r.Role).Select(g => $"{g.Key}:{g.Count()}").Order(StringComparer.Ordinal));
        Assert.All(rows.Where(r => r.SchoolId == "school-02"), r => Assert.Null(r.Role));
        Assert.DoesNotContain(rows, r => r.Role == "administrator");
    }
}
