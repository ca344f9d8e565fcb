using System.Globalization;
using System.Text.RegularExpressions;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// Reads a network's school list from CSV: school_id,name,district,grade_span,design_team_emails and optionally
/// expected_students and report_language (en or es; empty means en). The whole file is accepted, or refused with
/// every problem found.
/// </summary>
public static partial class SchoolCsv
{
    public const int MaxTextLength = 200;
    public const int MaxDesignTeamEmails = 20;
    public const int MaxExpectedStudents = 100_000;

    private const string IdColumn = "school_id";
    private const string NameColumn = "name";
    private const string DistrictColumn = "district";
    private const string GradeSpanColumn = "grade_span";
    private const string DesignTeamColumn = "design_team_emails";
    private const string ExpectedStudentsColumn = "expected_students";
    private const string ReportLanguageColumn = "report_language";

    /// <summary>The languages a design team's report can be written in.</summary>
    public static readonly IReadOnlyList<string> ReportLanguages = ["en", "es"];

    private static readonly CsvColumns Columns = new([IdColumn, NameColumn, DistrictColumn, GradeSpanColumn, DesignTeamColumn], [ExpectedStudentsColumn, ReportLanguageColumn]);

    public static ImportResult<School> Parse(TextReader reader, string networkId, ImportLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkId);
        var ids = new FirstLines<string>();
        return CsvImport.Read(reader, Columns, limits ?? ImportLimits.Default, line => ReadSchool(line, networkId, ids));
    }

    private static School? ReadSchool(CsvLine line, string networkId, FirstLines<string> ids)
    {
        var id = ReadId(line, ids);
        var name = ReadText(line, NameColumn);
        var district = ReadText(line, DistrictColumn);
        var gradeSpan = ReadGradeSpan(line);
        var designTeam = ReadDesignTeam(line);
        var expectedStudents = ReadExpectedStudents(line);
        var reportLanguage = ReadReportLanguage(line);
        if (id is null || name is null || district is null || gradeSpan is null || designTeam is null || line.Failed)
        {
            return null;
        }

        return new School(networkId, id, name, district, gradeSpan.ToString(), designTeam, expectedStudents) { ReportLanguage = reportLanguage };
    }

    private static string? ReadId(CsvLine line, FirstLines<string> ids)
    {
        var id = line[IdColumn];
        if (!Ids.IsValid(id))
        {
            line.Fail(IdColumn, id.Length == 0
                ? "A school_id is required."
                : $"{CsvLine.Shown(id)} is not a usable id: use 1 to 63 lowercase letters, digits and dashes, starting with a letter or digit (it becomes part of storage keys).");
            return null;
        }

        ids.Claim(line, IdColumn, id, $"School {CsvLine.Shown(id)}");
        return id;
    }

    /// <summary>A name or district on one line: trimmed, runs of whitespace (line breaks too) made one space.</summary>
    private static string? ReadText(CsvLine line, string column)
    {
        var text = WhitespaceRun().Replace(line[column], " ");
        if (text.Length == 0)
        {
            line.Fail(column, $"A {column} is required.");
        }
        else if (text.Length > MaxTextLength)
        {
            line.Fail(column, $"The {column} has {text.Length} characters; at most {MaxTextLength} are allowed.");
        }
        else if (DisplayNames.HasHiddenCharacters(text))
        {
            line.Fail(column, $"{CsvLine.Shown(text)} contains a control character; retype it.");
        }
        else
        {
            return text;
        }

        return null;
    }

    private static GradeSpan? ReadGradeSpan(CsvLine line)
    {
        var text = line[GradeSpanColumn];
        if (GradeSpan.TryParse(text, out var span))
        {
            return span;
        }

        line.Fail(GradeSpanColumn, text.Length == 0
            ? "A grade_span is required, like K-5, 6-8 or 9-12."
            : $"{CsvLine.Shown(text)} is not a grade span: write a range like K-5, PK-8, 6-8 or 9-12 (lower grade first) or one grade like 3; grades are PK, K and 1 to 12.");
        return null;
    }

    /// <summary>Addresses separated by ';', normalized and without repeats, in the order written.</summary>
    private static List<string>? ReadDesignTeam(CsvLine line)
    {
        var parts = line[DesignTeamColumn].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var addresses = new List<string>();
        var invalid = new List<string>();
        foreach (var part in parts)
        {
            if (!EmailAddresses.TryNormalize(part, out var address))
            {
                invalid.Add(CsvLine.Shown(part));
            }
            else if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        if (invalid.Count > 0)
        {
            line.Fail(DesignTeamColumn, $"Not a valid email address: {string.Join(", ", invalid)}. Separate addresses with ';' and write each plainly, like ann@school.org.");
        }
        else if (addresses.Count == 0)
        {
            line.Fail(DesignTeamColumn, "At least one design team email is required.");
        }
        else if (addresses.Count > MaxDesignTeamEmails)
        {
            line.Fail(DesignTeamColumn, $"There are {addresses.Count} design team emails; at most {MaxDesignTeamEmails} are allowed.");
        }
        else
        {
            return addresses;
        }

        return null;
    }

    private static int? ReadExpectedStudents(CsvLine line)
    {
        var text = line[ExpectedStudentsColumn];
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxExpectedStudents)
        {
            return count;
        }

        line.Fail(ExpectedStudentsColumn, $"{CsvLine.Shown(text)} is not a student count: leave it empty or write a whole number from 1 to {MaxExpectedStudents}, without commas.");
        return null;
    }

    private static string ReadReportLanguage(CsvLine line)
    {
        var text = line[ReportLanguageColumn];
        if (text.Length == 0)
        {
            return LocalizedText.DefaultLanguage;
        }

        if (ReportLanguages.Contains(text))
        {
            return text;
        }

        line.Fail(ReportLanguageColumn, $"{CsvLine.Shown(text)} is not a report language: leave it empty (English) or write {string.Join(" or ", ReportLanguages)}.");
        return LocalizedText.DefaultLanguage;
    }

    [GeneratedRegex("\\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();
}
