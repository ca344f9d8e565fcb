using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class OptOutCsvTests
{
    private static readonly HashSet<string> Schools = ["lincoln-es", "adams-ms"];

    private static ImportResult<OptOut> Parse(string text) => OptOutCsv.Parse(new StringReader(text), "net-1", Schools);

    [Fact]
    public void A_valid_file_names_each_student_by_roster_key_only()
    {
        var result = Parse(Csv.Lines("Email,School_Id", " Maria@X-School.org ,lincoln-es", "tom@x-school.org,adams-ms"));

        Assert.Equal(
            [new OptOut("net-1", "lincoln-es", "p-9c7a83e919a5bc5c7e2a4001"), new OptOut("net-1", "adams-ms", RosterKeys.For("net-1", "tom@x-school.org"))],
            result.Rows);
    }

    [Fact]
    public void An_opt_out_and_the_roster_line_for_the_same_student_share_a_key()
    {
        var roster = RosterCsv.Parse(new StringReader(Csv.Lines("school_id,email,role,grade", "adams-ms,Kid@X-School.org,student,7")), "net-1", Schools);
        var optOuts = Parse(Csv.Lines("school_id,email", "adams-ms,kid@x-school.ORG"));

        Assert.Equal(Assert.Single(roster.Rows).RosterKey, Assert.Single(optOuts.Rows).RosterKey);
    }

    [Fact]
    public void Unknown_schools_bad_emails_and_repeats_are_reported_on_their_lines()
    {
        var text = Csv.Lines("school_id,email", "adams-ms,kid@x-school.org", "oak-hs,kid@x-school.org", "adams-ms,kid@", "adams-ms,KID@x-school.org");

        var result = Parse(text);

        Csv.AssertErrorsAt(result, (3, "school_id"), (4, "email"), (5, "email"));
        Assert.Equal("'kid@x-school.org' at school 'adams-ms' is already on line 2.", result.Errors[2].Message);
    }

    [Fact]
    public void Roster_columns_are_unknown_in_an_opt_out_file()
    {
        Csv.AssertOnlyError(Parse(Csv.Lines("school_id,email,grade", "adams-ms,kid@x-school.org,7")), 1, "grade", "Unknown column 'grade'; the header must be: school_id,email.");
    }

    [Fact]
    public void An_opt_out_file_with_only_a_header_is_one_error()
    {
        Csv.AssertOnlyError(Parse("school_id,email\r\n"), 1, null, "The file has a header but no rows.");
    }
}
