using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// A parent's opt-out of a student from student surveys. The student is held by roster key only, so the stored
/// opt-out list carries no email.
/// </summary>
public sealed record OptOut(string NetworkId, string SchoolId, string RosterKey);

/// <summary>
/// Reads parents' opt-outs from CSV: school_id,email, where email is the student's roster email. The whole file is
/// accepted, or refused with every problem found.
/// </summary>
public static class OptOutCsv
{
    private static readonly CsvColumns Columns = new(["school_id", "email"], []);

    public static ImportResult<OptOut> Parse(TextReader reader, string networkId, IReadOnlySet<string> knownSchoolIds, ImportLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkId);
        ArgumentNullException.ThrowIfNull(knownSchoolIds);
        var students = new FirstLines<(string, string)>();
        return CsvImport.Read(reader, Columns, limits ?? ImportLimits.Default, line =>
            RosterCsv.ReadSchoolAndEmail(line, knownSchoolIds, students) is var (schoolId, email) && !line.Failed
                ? new OptOut(networkId, schoolId, RosterKeys.For(networkId, email))
                : null);
    }
}
