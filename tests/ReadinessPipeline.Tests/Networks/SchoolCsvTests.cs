using System.Text;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class SchoolCsvTests
{
    private const string Header = "school_id,name,district,grade_span,design_team_emails,expected_students";
    private const string Lincoln = "lincoln-es,Lincoln Elementary,Springfield,K-5,ann@lincoln.org,350";

    private static ImportResult<School> Parse(string text, ImportLimits? limits = null) => SchoolCsv.Parse(new StringReader(text), "mapln", limits);

    /// <summary>A header, a valid first school on line 2, and a school on line 3 with one cell replaced.</summary>
    private static ImportResult<School> ParseWithThirdLine(string column, string value)
    {
        var cells = new Dictionary<string, string>
        {
            ["school_id"] = "adams-ms",
            ["name"] = "Adams Middle",
            ["district"] = "Springfield",
            ["grade_span"] = "6-8",
            ["design_team_emails"] = "cho@adams.org",
            ["expected_students"] = "",
        };
        cells[column] = value;
        return Parse(Csv.Lines(Header, Lincoln, Csv.Quoted([.. cells.Values])));
    }

    [Fact]
    public void A_valid_file_reads_every_school_with_cells_trimmed_and_normalized()
    {
        // Header in another order and case with spaces; quoted cells with a comma, doubled quotes and a line break.
        var text = Csv.Lines(
            " Name , SCHOOL_ID ,district,Grade_Span,design_team_emails,expected_students",
            "\"Lincoln Elementary, North\",  lincoln-es ,Springfield , k - 5 ,\"Ann@Lincoln.org; bob@lincoln.org ;ann@LINCOLN.org;\",350",
            "\"The \"\"New\"\"",
            "Academy\",new-academy,\"Boston Public Schools\",9-12,cho@bps.org,",
            "- Dearborn -,dearborn-6,Boston,pk-8,dee@bps.org,  1200 ");

        var result = Parse(text);

        Assert.True(result.IsValid);
        Assert.Equal(3, result.Rows.Count);
        var lincoln = result.Rows[0];
        Assert.Equal(
            ("mapln", "lincoln-es", "Lincoln Elementary, North", "Springfield", "K-5", (int?)350),
            (lincoln.NetworkId, lincoln.Id, lincoln.Name, lincoln.District, lincoln.GradeSpan, lincoln.ExpectedStudents));
        Assert.Equal(["ann@lincoln.org", "bob@lincoln.org"], lincoln.DesignTeamEmails);
        var academy = result.Rows[1];
        Assert.Equal(("new-academy", "The \"New\" Academy", "9-12", (int?)null), (academy.Id, academy.Name, academy.GradeSpan, academy.ExpectedStudents));
        Assert.Equal(["cho@bps.org"], academy.DesignTeamEmails);
        var dearborn = result.Rows[2];
        Assert.Equal(("dearborn-6", "- Dearborn -", "PK-8", (int?)1200), (dearborn.Id, dearborn.Name, dearborn.GradeSpan, dearborn.ExpectedStudents));
    }

    [Fact]
    public void The_optional_expected_students_column_can_be_left_out()
    {
        var result = Parse(Csv.Lines("school_id,name,district,grade_span,design_team_emails", "lincoln-es,Lincoln Elementary,Springfield,3,ann@lincoln.org"));

        var school = Assert.Single(result.Rows);
        Assert.Equal(("3", (int?)null), (school.GradeSpan, school.ExpectedStudents));
    }

    [Fact]
    public void A_utf8_file_with_a_byte_order_mark_and_crlf_line_ends_reads_from_a_stream()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{Header}\r\n{Lincoln}\r\nadams-ms,Adams Middle,Springfield,6-8,cho@adams.org,\r\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes));

        var result = SchoolCsv.Parse(reader, "mapln");

        Assert.True(result.IsValid);
        Assert.Equal(["lincoln-es", "adams-ms"], result.Rows.Select(s => s.Id));
    }

    [Fact]
    public void A_byte_order_mark_left_in_the_text_does_not_hide_the_first_column()
    {
        var result = Parse("\uFEFF" + Csv.Lines(Header, Lincoln));

        Assert.Equal("lincoln-es", Assert.Single(result.Rows).Id);
    }

    [Theory]
    [InlineData("school_id", "", "A school_id is required.")]
    [InlineData("school_id", "Lincoln", "'Lincoln' is not a usable id")]
    [InlineData("school_id", "../etc", "'../etc' is not a usable id")]
    [InlineData("school_id", "a/b", "'a/b' is not a usable id")]
    [InlineData("school_id", "-lincoln", "'-lincoln' is not a usable id")]
    [InlineData("school_id", "lincoln es", "'lincoln es' is not a usable id")]
    [InlineData("name", "", "A name is required.")]
    [InlineData("name", "Adams\u0007Middle", "contains a control character")]
    [InlineData("district", "   ", "A district is required.")]
    [InlineData("grade_span", "", "A grade_span is required")]
    [InlineData("grade_span", "5-K", "'5-K' is not a grade span")]
    [InlineData("grade_span", "K-13", "'K-13' is not a grade span")]
    [InlineData("grade_span", "Pre-K", "'Pre-K' is not a grade span")]
    [InlineData("grade_span", "05", "'05' is not a grade span")]
    [InlineData("design_team_emails", "", "At least one design team email is required.")]
    [InlineData("design_team_emails", " ; ", "At least one design team email is required.")]
    [InlineData("design_team_emails", "Ann Lee <ann@adams.org>", "Not a valid email address: 'Ann Lee <ann@adams.org>'.")]
    [InlineData("design_team_emails", "ann@adams.org, bob@adams.org", "Not a valid email address: 'ann@adams.org, bob@adams.org'.")]
    [InlineData("design_team_emails", "ann@adams.org;bob;cy@localhost", "Not a valid email address: 'bob', 'cy@localhost'.")]
    [InlineData("expected_students", "0", "'0' is not a student count")]
    [InlineData("expected_students", "100001", "'100001' is not a student count")]
    [InlineData("expected_students", "1,200", "'1,200' is not a student count")]
    [InlineData("expected_students", "-5", "'-5' is not a student count")]
    [InlineData("expected_students", "12.5", "'12.5' is not a student count")]
    public void A_bad_cell_is_reported_on_its_line_and_column(string column, string value, string fragment)
    {
        Csv.AssertOnlyError(ParseWithThirdLine(column, value), 3, column, fragment);
    }

    [Fact]
    public void The_largest_accepted_values_are_accepted()
    {
        var result = Parse(Csv.Lines(Header, Csv.Quoted(new string('a', 63), new string('n', 200), new string('d', 200), "K-12", "a@x.org", "100000")));

        var school = Assert.Single(result.Rows);
        Assert.Equal((63, 200, 200, (int?)100_000), (school.Id.Length, school.Name.Length, school.District.Length, school.ExpectedStudents));
    }

    [Fact]
    public void Ids_names_and_districts_over_their_length_limits_are_refused()
    {
        var result = Parse(Csv.Lines(Header, Csv.Quoted(new string('a', 64), new string('n', 201), new string('d', 201), "K-12", "a@x.org", "")));

        Csv.AssertErrorsAt(result, (2, "school_id"), (2, "name"), (2, "district"));
        Assert.Equal("The name has 201 characters; at most 200 are allowed.", result.Errors[1].Message);
    }

    [Fact]
    public void Twenty_design_team_emails_are_accepted_and_twenty_one_refused()
    {
        var twenty = string.Join(';', Enumerable.Range(1, 20).Select(i => $"member{i}@adams.org"));

        Assert.Equal(20, Assert.Single(ParseWithThirdLine("design_team_emails", twenty + ";MEMBER1@adams.org").Rows.Skip(1)).DesignTeamEmails.Count);
        Csv.AssertOnlyError(ParseWithThirdLine("design_team_emails", twenty + ";member21@adams.org"), 3, "design_team_emails", "There are 21 design team emails; at most 20 are allowed.");
    }

    [Fact]
    public void A_repeated_school_id_is_refused_on_the_repeat_naming_the_first_line()
    {
        var result = Parse(Csv.Lines(Header, Lincoln, "adams-ms,Adams Middle,Springfield,6-8,cho@adams.org,", Lincoln, Lincoln));

        Csv.AssertErrorsAt(result, (4, "school_id"), (5, "school_id"));
        Assert.Equal("School 'lincoln-es' is already on line 2.", result.Errors[0].Message);
        Assert.Equal("School 'lincoln-es' is already on line 2.", result.Errors[1].Message);
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_with_line_numbers_that_count_line_breaks_in_quoted_cells()
    {
        // Line 2 holds one school whose name spans lines 2-4; blank line 5 is skipped; line 6 has two bad cells.
        var text = Csv.Lines(
            Header,
            "lincoln-es,\"Lincoln",
            "",
            "Elementary\",Springfield,9-5,ann@lincoln.org,",
            "",
            "adams-ms,Adams Middle,,6-8,cho@adams,");

        var result = Parse(text);

        Csv.AssertErrorsAt(result, (2, "grade_span"), (6, "district"), (6, "design_team_emails"));
    }

    [Fact]
    public void Line_numbers_count_crlf_and_line_breaks_inside_quotes_once_each()
    {
        var text = $"{Header}\r\n\"lincoln-es\",\"Lincoln\r\nElementary\",Springfield,K-5,ann@lincoln.org,0\r\n\r\nadams-ms,Adams,Springfield,6-8,cho@adams.org,0\r\n";

        Csv.AssertErrorsAt(Parse(text), (2, "expected_students"), (5, "expected_students"));
    }

    [Fact]
    public void A_missing_required_column_is_one_error_on_line_one_naming_every_missing_column()
    {
        var result = Parse(Csv.Lines("school_id,name,expected_students", "lincoln-es,Lincoln,350"));

        Csv.AssertOnlyError(result, 1, null, "The header is missing the required columns district, grade_span, design_team_emails;");
    }

    [Fact]
    public void An_unknown_column_is_refused_and_named()
    {
        var result = Parse(Csv.Lines(Header + ",Principal", Lincoln + ",Dr. Smith"));

        Csv.AssertOnlyError(result, 1, "principal", "Unknown column 'principal'; the header must be: school_id,name,district,grade_span,design_team_emails (optional: expected_students,report_language).");
    }

    [Fact]
    public void A_column_named_twice_or_not_at_all_is_refused()
    {
        var result = Parse(Csv.Lines(Header + ",name,", Lincoln + ",Other,"));

        Csv.AssertErrorsAt(result, (1, "name"), (1, null));
        Assert.Equal("The column is in the header twice (columns 2 and 7).", result.Errors[0].Message);
        Assert.Equal("Column 8 of the header has no name; name it or remove the column.", result.Errors[1].Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData(" , \r\n")]
    public void An_empty_file_is_one_error(string text)
    {
        Csv.AssertOnlyError(Parse(text), 1, null, "The file is empty; its first line must be the header: school_id,name,");
    }

    [Fact]
    public void A_header_without_rows_is_one_error()
    {
        Csv.AssertOnlyError(Parse(Csv.Lines(Header, ",,,,,", "")), 1, null, "The file has a header but no rows.");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'='")]
    [InlineData("+1 Academy", "'+'")]
    [InlineData("@SUM(A1)", "'@'")]
    [InlineData("   =1+1", "'='")]
    [InlineData("\tAdams", "a tab")]
    [InlineData("\rAdams", "a carriage return")]
    public void A_cell_that_spreadsheets_would_run_as_a_formula_is_refused(string name, string start)
    {
        Csv.AssertOnlyError(ParseWithThirdLine("name", name), 3, "name", $"starts with {start}, which spreadsheets run as a formula");
    }

    [Fact]
    public void A_formula_cell_gets_one_error_not_a_second_for_its_column_rules()
    {
        Csv.AssertOnlyError(ParseWithThirdLine("design_team_emails", "=cho@adams.org"), 3, "design_team_emails", "'='");
    }

    [Fact]
    public void A_quote_inside_an_unquoted_cell_is_refused_on_its_line()
    {
        var result = Parse(Csv.Lines(Header, Lincoln, "adams-ms,Adams \"Eagles\" Middle,Springfield,6-8,cho@adams.org,"));

        Csv.AssertOnlyError(result, 3, null, "A quote (\") is out of place");
    }

    [Fact]
    public void A_quote_that_is_never_closed_is_refused_on_the_line_it_opens()
    {
        var result = Parse(Csv.Lines(Header, Lincoln, "adams-ms,\"Adams Middle,Springfield,6-8,cho@adams.org,", Lincoln));

        Csv.AssertOnlyError(result, 3, null, "A quote (\") is out of place");
    }

    [Fact]
    public void A_line_with_more_or_fewer_cells_than_the_header_is_refused()
    {
        var result = Parse(Csv.Lines(Header, "lincoln-es,Lincoln, North,Springfield,K-5,ann@lincoln.org,350", "adams-ms,Adams Middle,Springfield,6-8"));

        Csv.AssertErrorsAt(result, (2, null), (3, null));
        Assert.Equal("This line has 7 cells but the header has 6; a cell with a comma in it must be wrapped in quotes.", result.Errors[0].Message);
        Assert.StartsWith("This line has 4 cells but the header has 6;", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_more_rows_than_the_limit_is_refused_at_the_first_row_over_it()
    {
        var limits = new ImportLimits(MaxRows: 3, MaxCharacters: 10_000, MaxErrors: 100);
        var rows = Enumerable.Range(1, 4).Select(i => $"school-{i},School {i},Springfield,K-5,a@x.org,").ToArray();

        Assert.Equal(3, Parse(Csv.Lines([Header, .. rows[..3]]), limits).Rows.Count);
        Csv.AssertOnlyError(Parse(Csv.Lines([Header, .. rows]), limits), 5, null, "The file has more than 3 rows; split it into smaller files.");
    }

    [Fact]
    public void A_file_longer_than_the_character_limit_is_refused_and_one_exactly_at_it_is_read()
    {
        var text = Csv.Lines(Header, Lincoln);

        Assert.True(Parse(text, new ImportLimits(10, text.Length, 100)).IsValid);
        Csv.AssertOnlyError(Parse(text, new ImportLimits(10, text.Length - 1, 100)), 1, null, $"The file is longer than {text.Length - 1} characters;");
    }

    [Fact]
    public void A_single_unclosed_quote_cannot_read_past_the_character_limit()
    {
        var text = Csv.Lines(Header, "lincoln-es,\"" + new string('x', 5_000));

        Csv.AssertOnlyError(Parse(text, new ImportLimits(10, 1_000, 100)), 1, null, "The file is longer than 1,000 characters;");
    }

    [Fact]
    public void Reading_stops_past_the_error_limit_with_a_note_on_the_line_it_stopped()
    {
        var bad = "adams-ms,Adams Middle,Springfield,6-8,cho@adams.org,0";

        var limits = new ImportLimits(100, 10_000, 2);

        var result = Parse(Csv.Lines(Header, bad, bad.Replace("adams-ms", "b", StringComparison.Ordinal), bad.Replace("adams-ms", "c", StringComparison.Ordinal), bad), limits);
        var atTheLimit = Parse(Csv.Lines(Header, bad, bad.Replace("adams-ms", "b", StringComparison.Ordinal)), limits);

        Csv.AssertErrorsAt(atTheLimit, (2, "expected_students"), (3, "expected_students"));

        Csv.AssertErrorsAt(result, (2, "expected_students"), (3, "expected_students"), (4, null));
        Assert.Equal("More than 2 errors; reading stopped at this line. Fix these and import the file again.", result.Errors[2].Message);
    }

    [Fact]
    public void The_network_id_is_required()
    {
        Assert.Throws<ArgumentException>(() => SchoolCsv.Parse(new StringReader(Csv.Lines(Header, Lincoln)), " "));
    }
}
