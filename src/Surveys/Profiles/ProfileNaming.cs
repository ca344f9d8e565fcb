using System.Globalization;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Surveys.Reports;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>Names and plain-language meanings for school profiles and staff personas, read off their centroids.</summary>
public static class ProfileNaming
{
    /// <summary>Persona levels by a respondent group's overall mean: from skeptics to champions of the change.</summary>
    public static readonly IReadOnlyList<ProfileLevel> PersonaLevels =
        [new("Skeptics", 1.0), new("Undecided", 2.5), new("Supporters", 3.25), new("Champions", 4.0)];

    public static IReadOnlyList<ProfileLevel> Levels(Framework framework) =>
        [.. framework.Bands.Select(b => new ProfileLevel(b.Label.In("en"), b.MinMean))];

    /// <summary>What a school profile means: its band's meaning, then where its schools stand out.</summary>
    public static string SchoolMeaning(Framework framework, IReadOnlyList<double> centroid, IReadOnlyList<double> overall, IReadOnlyList<string> names)
    {
        var band = framework.BandFor(centroid.Average());
        return $"{band.Meaning.In("en")} {StandOut("Schools in this profile", centroid, overall, names)}";
    }

    public static string PersonaMeaning(IReadOnlyList<double> centroid, IReadOnlyList<double> overall, IReadOnlyList<string> names) =>
        $"Average {centroid.Average().ToString("0.0", CultureInfo.InvariantCulture)} of 5 across the ten dimensions. {StandOut("These staff", centroid, overall, names)}";

    /// <summary>The band a school falls in when there are too few schools to cluster.</summary>
    public static ProfileAssignment BandFallback(Framework framework, double mean, string reason)
    {
        var band = framework.BandFor(mean);
        return new ProfileAssignment($"{band.Label.In("en")} overall", $"{band.Meaning.In("en")} {reason}", FromClusters: false);
    }

    private static string StandOut(string who, IReadOnlyList<double> centroid, IReadOnlyList<double> overall, IReadOnlyList<string> names)
    {
        var differences = centroid.Select((value, i) => (Name: names[i], Difference: value - overall[i])).ToList();
        var high = differences.OrderByDescending(d => d.Difference).Take(2).Where(d => d.Difference > 0).Select(d => d.Name).ToList();
        var low = differences.OrderBy(d => d.Difference).Take(1).Where(d => d.Difference < 0).Select(d => d.Name).ToList();
        if (high.Count == 0 && low.Count == 0)
        {
            return $"{who} sit close to the network on every dimension.";
        }

        var parts = new List<string>();
        if (high.Count > 0)
        {
            parts.Add($"stand out on {string.Join(" and ", high.Select(Lower))}");
        }

        if (low.Count > 0)
        {
            parts.Add($"have most room to grow on {Lower(low[0])}");
        }

        return $"{who} {string.Join(" and ", parts)}, compared with the network.";
    }

    private static string Lower(string name) => name.Length > 1 && char.IsUpper(name[1]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
