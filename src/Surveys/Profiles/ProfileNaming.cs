using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Surveys.Reports;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>Names and plain-language meanings for school profiles, read off their centroids, in a report's language.</summary>
public static class ProfileNaming
{
    public static IReadOnlyList<ProfileLevel> Levels(Framework framework, string language = LocalizedText.DefaultLanguage) =>
        [.. framework.Bands.Select(b => new ProfileLevel(b.Label.In(language), b.MinMean))];

    public static ClusterPhrases Phrases(ReportText words, string language) =>
        new(words[language, "cluster.strong"], words[language, "cluster.gapsIn"], words[language, "cluster.even"], words[language, "cluster.and"]);

    /// <summary>What a school profile means: its band's meaning, then where its schools stand out.</summary>
    public static string SchoolMeaning(Framework framework, IReadOnlyList<double> centroid, IReadOnlyList<double> overall, ReportText words, string language)
    {
        var band = framework.BandFor(centroid.Average());
        var names = framework.Dimensions.Select(d => d.Name.In(language)).ToList();
        var differences = centroid.Select((value, i) => (Name: Lower(names[i]), Difference: value - overall[i])).ToList();
        var high = differences.OrderByDescending(d => d.Difference).Take(2).Where(d => d.Difference > 0).Select(d => d.Name).ToList();
        var low = differences.OrderBy(d => d.Difference).Take(1).Where(d => d.Difference < 0).Select(d => d.Name).ToList();
        var and = $" {words[language, "cluster.and"]} ";
        var standOut = (high.Count, low.Count) switch
        {
            (0, 0) => words[language, "profile.even"],
            (_, 0) => words.Format(language, "profile.high", ("high", string.Join(and, high))),
            (0, _) => words.Format(language, "profile.low", ("low", low[0])),
            _ => words.Format(language, "profile.highLow", ("high", string.Join(and, high)), ("low", low[0])),
        };
        return $"{band.Meaning.In(language)} {standOut}";
    }

    /// <summary>The band a school falls in when there are too few schools to cluster.</summary>
    public static ProfileAssignment BandFallback(Framework framework, double mean, string reason, ReportText? words = null)
    {
        words ??= ReportText.Default;
        var band = framework.BandFor(mean);
        var texts = words.Languages.ToDictionary(
            language => language,
            language => new ProfileText(words.Format(language, "profile.bandOverall", ("band", band.Label.In(language))), $"{band.Meaning.In(language)} {reason}".Trim()),
            StringComparer.Ordinal);
        return new ProfileAssignment(texts["en"].Name, texts["en"].Meaning, FromClusters: false) { Texts = texts };
    }

    private static string Lower(string name) => name.Length > 1 && char.IsUpper(name[1]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
