using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>
/// Staff personas named from both how far practice has come and how ready staff are to go further (desire to change,
/// capacity, shared vision), read off a persona's centroid.
/// </summary>
/// <remarks>
/// Rules, in order (scores on the 1-5 scale):
/// <list type="bullet">
/// <item>desire to change at or above <see cref="HighDesire"/>: "eager but unsupported" when capacity is below
/// <see cref="LowCapacity"/>; else "champions" when practice is at or above <see cref="PracticeInPlace"/>; else
/// "eager to start";</item>
/// <item>desire below <see cref="HighDesire"/>: "comfortable with today" when practice is at or above
/// <see cref="PracticeInPlace"/>; else "skeptical" when desire is below <see cref="LowDesire"/>; else "undecided".</item>
/// </list>
/// So only a group whose desire to change is low (under 2.5) can be called skeptical; a group with high desire never is.
/// Without a capacity scale (version 1 of the staff check) nobody is "eager but unsupported".
/// </remarks>
public static class PersonaNames
{
    public const double HighDesire = 3.5;
    public const double LowDesire = 2.5;
    public const double LowCapacity = 3.0;

    /// <summary>The framework's Developing cut point: practice there or above is in place in many classrooms.</summary>
    public const double PracticeInPlace = 3.25;

    /// <summary>The persona kind of a centroid over the given features (<see cref="RoundAggregates.StaffVectorDimensions"/>).</summary>
    public static string Kind(IReadOnlyList<string> features, IReadOnlyList<double> centroid)
    {
        double? Value(string feature) => features.ToList().IndexOf(feature) is var i and >= 0 ? centroid[i] : null;
        var practice = Value(RoundAggregates.Practice) ?? throw new ArgumentException("Personas need the practice feature.", nameof(features));
        var desire = Value("desire-to-change") ?? throw new ArgumentException("Personas need the desire-to-change feature.", nameof(features));
        var capacity = Value("capacity");
        return desire >= HighDesire
            ? capacity < LowCapacity ? "eager-unsupported" : practice >= PracticeInPlace ? "champions" : "eager"
            : practice >= PracticeInPlace ? "comfortable" : desire < LowDesire ? "skeptical" : "undecided";
    }

    /// <summary>
    /// Names for every persona of one result in a language, all different: where two kinds coincide, each name also
    /// gives its practice and desire means.
    /// </summary>
    public static IReadOnlyList<string> NameAll(IReadOnlyList<string> features, IReadOnlyList<IReadOnlyList<double>> centroids, ReportText words, string language)
    {
        var kinds = centroids.Select(c => Kind(features, c)).ToList();
        return [.. centroids.Select((c, i) => kinds.Count(k => k == kinds[i]) == 1
            ? words[language, $"persona.{kinds[i]}"]
            : words.Format(language, "persona.qualified", ("name", words[language, $"persona.{kinds[i]}"]), ("practice", ReportText.OneDecimal(c[0])), ("desire", ReportText.OneDecimal(c[1]))))];
    }

    /// <summary>What a persona means, then its means on every feature.</summary>
    public static string Describe(IReadOnlyList<string> features, IReadOnlyList<double> centroid, ReportText words, string language)
    {
        var values = string.Join("; ", features.Select((feature, i) => words.Format(language, "persona.value", ("feature", words[language, $"feature.{feature}"]), ("value", ReportText.OneDecimal(centroid[i])))));
        return $"{words[language, $"persona.{Kind(features, centroid)}.meaning"]} {values}.";
    }
}
