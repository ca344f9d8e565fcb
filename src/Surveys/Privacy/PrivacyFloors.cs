namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>
/// Minimum group sizes before a number is shown (DESIGN.md "Scoring and profiles"): <see cref="School"/> inside a
/// school's own report, <see cref="Network"/> in anything that leaves the school, <see cref="OpenText"/> respondents
/// before comments are shown, and <see cref="SmallCell"/> for counts such as a persona mix.
/// </summary>
public sealed record PrivacyFloors(int School = 5, int Network = 10, int OpenText = 10, int SmallCell = 3)
{
    /// <summary>The smallest group any floor may be set to: below three, a result could single out one person's answers.</summary>
    public const int Lowest = 3;

    public static PrivacyFloors Default { get; } = new();
}
