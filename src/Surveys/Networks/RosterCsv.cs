using System.Globalization;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// Reads a confidential round's roster from CSV: school_id,email,role and optionally grade (students only). The whole
/// file is accepted, or refused with every problem found.
/// </summary>
public static class RosterCsv
{
    public const int LowestStudentGrade = 3;
    public const int HighestStudentGrade = 12;

    private const string SchoolColumn = "school_id";
    private const string EmailColumn = "email";
    private const string RoleColumn = "role";
    private const string GradeColumn = "grade";

    private static readonly CsvColumns Columns = new([SchoolColumn, EmailColumn, RoleColumn], [GradeColumn]);

    public static ImportResult<RosterPerson> Parse(TextReader reader, string networkId, IReadOnlySet<string> knownSchoolIds, ImportLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkId);
        ArgumentNullException.ThrowIfNull(knownSchoolIds);
        var people = new FirstLines<(string, string)>();
        return CsvImport.Read(reader, Columns, limits ?? ImportLimits.Default, line => ReadPerson(line, networkId, knownSchoolIds, people));
    }

    /// <summary>
    /// The school_id and email cells that name a person in roster-shaped files (rosters and opt-outs): a known
    /// school, a valid address, and no (school, email) pair twice in the file.
    /// </summary>
    internal static (string SchoolId, string Email)? ReadSchoolAndEmail(CsvLine line, IReadOnlySet<string> knownSchoolIds, FirstLines<(string, string)> seen)
    {
        var schoolId = line.KnownSchool(SchoolColumn, knownSchoolIds);
        var email = line.Email(EmailColumn);
        if (schoolId is null || email is null)
        {
            return null;
        }

        seen.Claim(line, EmailColumn, (schoolId, email), $"{CsvLine.Shown(email)} at school {CsvLine.Shown(schoolId)}");
        return (schoolId, email);
    }

    private static RosterPerson? ReadPerson(CsvLine line, string networkId, IReadOnlySet<string> knownSchoolIds, FirstLines<(string, string)> people)
    {
        var person = ReadSchoolAndEmail(line, knownSchoolIds, people);
        var role = ReadRole(line);
        var grade = ReadGrade(line, role);
        if (person is not var (schoolId, email) || role is not { } knownRole || line.Failed)
        {
            return null;
        }

        return new RosterPerson(networkId, schoolId, RosterKeys.For(networkId, email), email, knownRole, grade);
    }

    private static RosterRole? ReadRole(CsvLine line)
    {
        var text = line[RoleColumn];
        RosterRole? role = text.ToLowerInvariant() switch
        {
            "teacher" => RosterRole.Teacher,
            "support" => RosterRole.Support,
            "administrator" or "admin" => RosterRole.Administrator,
            "student" => RosterRole.Student,
            _ => null,
        };
        if (role is null)
        {
            line.Fail(RoleColumn, text.Length == 0
                ? "A role is required: teacher, support, administrator or student."
                : $"{CsvLine.Shown(text)} is not a role; use teacher, support, administrator (or admin) or student.");
        }

        return role;
    }

    /// <summary>Empty, or a student's grade; staff have none. Students below grade 3 take no survey.</summary>
    private static int? ReadGrade(CsvLine line, RosterRole? role)
    {
        var text = line[GradeColumn];
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade is < LowestStudentGrade or > HighestStudentGrade)
        {
            line.Fail(GradeColumn, $"{CsvLine.Shown(text)} is not a surveyed grade; use a whole number from {LowestStudentGrade} to {HighestStudentGrade}, or leave it empty.");
            return null;
        }

        if (role is { } staff && staff != RosterRole.Student)
        {
            line.Fail(GradeColumn, "Only students have a grade; leave it empty for teachers, support staff and administrators.");
            return null;
        }

        return grade;
    }
}
