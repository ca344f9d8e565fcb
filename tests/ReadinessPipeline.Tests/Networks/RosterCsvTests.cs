using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class RosterCsvTests
{
    private const string Header = "school_id,email,role,grade";
    private static readonly HashSet<string> Schools = ["lincoln-es", "adams-ms"];

    private static ImportResult<RosterPerson> Parse(string text) => RosterCsv.Parse(new StringReader(text), "net-1", Schools);

    [Fact]
    public void A_valid_roster_reads_roles_in_any_case_and_lowercases_emails()
    {
        var text = Csv.Lines(
            "Role, Email ,School_ID,GRADE",
            "Teacher, Maria@X-School.org ,lincoln-es,",
            "admin,tom@x-school.org,lincoln-es,",
            "ADMINISTRATOR,tom@x-school.org,adams-ms,",
            "support,sam@x-school.org,adams-ms,",
            "student,kid@x-school.org,lincoln-es,4",
            "Student,kid2@x-school.org,adams-ms,");

        var result = Parse(text);

        Assert.True(result.IsValid);
        Assert.Equal(
            [
                new RosterPerson("net-1", "lincoln-es", "p-9c7a83e919a5bc5c7e2a4001", "maria@x-school.org", RosterRole.Teacher, null),
                new RosterPerson("net-1", "lincoln-es", "p-a4fb1c67d62b2e23f386a48f", "tom@x-school.org", RosterRole.Administrator, null),
                new RosterPerson("net-1", "adams-ms", "p-a4fb1c67d62b2e23f386a48f", "tom@x-school.org", RosterRole.Administrator, null),
                new RosterPerson("net-1", "adams-ms", RosterKeys.For("net-1", "sam@x-school.org"), "sam@x-school.org", RosterRole.Support, null),
                new RosterPerson("net-1", "lincoln-es", RosterKeys.For("net-1", "kid@x-school.org"), "kid@x-school.org", RosterRole.Student, 4),
                new RosterPerson("net-1", "adams-ms", RosterKeys.For("net-1", "kid2@x-school.org"), "kid2@x-school.org", RosterRole.Student, null),
            ],
            result.Rows);
    }

    [Fact]
    public void The_optional_grade_column_can_be_left_out()
    {
        var result = Parse(Csv.Lines("school_id,email,role", "lincoln-es,maria@x-school.org,teacher"));

        Assert.Equal(RosterRole.Teacher, Assert.Single(result.Rows).Role);
    }

    [Theory]
    [InlineData("oak-hs,maria@x-school.org,teacher,", "school_id", "School 'oak-hs' is not a school of this network")]
    [InlineData("Lincoln-ES,maria@x-school.org,teacher,", "school_id", "School 'Lincoln-ES' is not a school of this network")]
    [InlineData(",maria@x-school.org,teacher,", "school_id", "A school_id is required.")]
    [InlineData("lincoln-es,Maria <maria@x-school.org>,teacher,", "email", "'Maria <maria@x-school.org>' is not a valid email address")]
    [InlineData("lincoln-es,maria@x-school,teacher,", "email", "'maria@x-school' is not a valid email address")]
    [InlineData("lincoln-es,,student,5", "email", "An email address is required.")]
    public void A_school_or_email_that_does_not_fit_is_reported_on_its_line(string row, string column, string fragment)
    {
        Csv.AssertOnlyError(Parse(Csv.Lines(Header, "adams-ms,cho@adams.org,teacher,", row)), 3, column, fragment);
    }

    [Theory]
    [InlineData("staff", "'staff' is not a role; use teacher, support, administrator (or admin) or student.")]
    [InlineData("principal", "'principal' is not a role")]
    [InlineData("", "A role is required: teacher, support, administrator or student.")]
    public void An_unknown_role_is_refused_with_the_roles_listed(string role, string fragment)
    {
        var result = Parse(Csv.Lines(Header, "adams-ms,cho@adams.org,teacher,", $"adams-ms,sam@adams.org,{role},"));

        Csv.AssertOnlyError(result, 3, "role", fragment);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("13")]
    [InlineData("K")]
    [InlineData("5th")]
    [InlineData("-5")]
    public void A_student_grade_outside_3_to_12_is_refused(string grade)
    {
        var result = Parse(Csv.Lines(Header, $"lincoln-es,kid@x-school.org,student,{grade}"));

        Csv.AssertOnlyError(result, 2, "grade", "is not a surveyed grade; use a whole number from 3 to 12, or leave it empty.");
    }

    [Fact]
    public void Grades_3_and_12_are_the_ends_of_the_accepted_range()
    {
        var result = Parse(Csv.Lines(Header, "lincoln-es,a@x-school.org,student,3", "adams-ms,b@x-school.org,student,12"));

        Assert.Equal([3, 12], result.Rows.Select(p => p.Grade));
    }

    [Theory]
    [InlineData("teacher")]
    [InlineData("support")]
    [InlineData("admin")]
    public void A_grade_on_a_staff_row_is_refused(string role)
    {
        var result = Parse(Csv.Lines(Header, $"adams-ms,cho@adams.org,{role},7"));

        Csv.AssertOnlyError(result, 2, "grade", "Only students have a grade");
    }

    [Fact]
    public void The_same_email_twice_at_one_school_is_refused_naming_the_first_line_whatever_its_case()
    {
        var result = Parse(Csv.Lines(Header, "adams-ms,cho@adams.org,teacher,", "lincoln-es,cho@adams.org,teacher,", "adams-ms,CHO@Adams.org,support,"));

        Csv.AssertOnlyError(result, 4, "email", "'cho@adams.org' at school 'adams-ms' is already on line 2.");
    }

    [Fact]
    public void Every_bad_cell_of_a_line_is_reported()
    {
        var result = Parse(Csv.Lines(Header, "oak-hs,not-an-email,coach,13"));

        Csv.AssertErrorsAt(result, (2, "school_id"), (2, "email"), (2, "role"), (2, "grade"));
    }

    [Fact]
    public void A_missing_role_column_is_one_error_on_line_one()
    {
        Csv.AssertOnlyError(Parse(Csv.Lines("school_id,email", "adams-ms,cho@adams.org")), 1, null, "The header is missing the required column role;");
    }

    [Fact]
    public void A_formula_in_an_email_cell_is_refused_as_a_formula()
    {
        Csv.AssertOnlyError(Parse(Csv.Lines(Header, "adams-ms,@cho@adams.org,teacher,")), 2, "email", "starts with '@', which spreadsheets run as a formula");
    }

    [Fact]
    public void The_row_limit_applies_to_rosters_too()
    {
        var result = RosterCsv.Parse(new StringReader(Csv.Lines(Header, "adams-ms,a@adams.org,teacher,", "adams-ms,b@adams.org,teacher,", "adams-ms,c@adams.org,teacher,")), "net-1", Schools, new ImportLimits(2, 1_000, 10));

        Csv.AssertOnlyError(result, 4, null, "The file has more than 2 rows;");
    }
}
