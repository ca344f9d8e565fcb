namespace ReadinessPipeline.Models;

/// <summary>A coach's network of schools.</summary>
public sealed record Network(string Id, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>Who gets the network summary when a round's profiles are built.</summary>
    public IReadOnlyList<string> CoachEmails { get; init; } = [];

    /// <summary>Days after a round closes before its answers, scores, links and reports are deleted; null = the app's default.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Whether a purged round keeps its school aggregates (privacy-suppressed) for trends in later rounds.</summary>
    public bool KeepTrends { get; init; } = true;
}

/// <summary>
/// A school of a network. <see cref="GradeSpan"/> is written like "K-5", "6-8" or "9-12" and decides which student
/// forms the school gets; <see cref="ExpectedStudents"/> (optional) is the denominator of anonymous response rates.
/// </summary>
public sealed record School(
    string NetworkId,
    string Id,
    string Name,
    string District,
    string GradeSpan,
    IReadOnlyList<string> DesignTeamEmails,
    int? ExpectedStudents)
{
    /// <summary>The language the design team's report is written in ("en" or "es"); the report links to the other.</summary>
    public string ReportLanguage { get; init; } = LocalizedText.DefaultLanguage;
}

/// <summary>What a roster person does at the school.</summary>
public enum RosterRole
{
    Teacher,
    Support,
    Administrator,
    Student,
}

/// <summary>
/// One person on a school's roster, for confidential rounds. <see cref="RosterKey"/> is an opaque, stable key
/// derived from the email; completions and deliveries refer to the person by it, never by email.
/// </summary>
public sealed record RosterPerson(string NetworkId, string SchoolId, string RosterKey, string Email, RosterRole Role, int? Grade);

/// <summary>A line of an imported file that could not be accepted; the whole import is refused with every such line.</summary>
public sealed record ImportError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"line {Line}: {Message}" : $"line {Line}, {Column}: {Message}";
}

/// <summary>The rows of an imported file, or the errors that refuse it.</summary>
public sealed record ImportResult<T>(IReadOnlyList<T> Rows, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
