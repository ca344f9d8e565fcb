namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>
/// Minimum group sizes before a number is shown (DESIGN.md "Scoring and profiles"): <see cref="School"/> inside a
/// school's own report, <see cref="Network"/> in anything that leaves the school, <see cref="OpenText"/> respondents
/// before comments are shown, and <see cref="SmallCell"/> for counts such as a persona mix.
/// </summary>
public sealed record PrivacyFloors(int School = 5, int Network = 10, int OpenText = 10, int SmallCell = 3)
{
    public static PrivacyFloors Default { get; } = new();
}
