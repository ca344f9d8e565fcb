using System.Globalization;

namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>A level a profile's overall mean can reach, such as a framework's readiness band ("Developing" from 3.25).</summary>
public sealed record ProfileLevel(string Label, double MinMean);

/// <summary>The words a cluster name is built from, so a name can be given in any language ("strong ...", "fuerte en ...").</summary>
public sealed record ClusterPhrases(string Strong, string GapsIn, string EvenProfile, string And)
{
    public static ClusterPhrases English { get; } = new("strong", "gaps in", "even profile", "and");
}

/// <summary>
/// Human names for clusters, read off their centroids, such as "Developing: strong leadership, gaps in technology".
/// </summary>
/// <remarks>
/// Rules:
/// <list type="bullet">
/// <item>The level is the highest <see cref="ProfileLevel"/> whose MinMean the centroid's mean (over all dimensions)
/// reaches; the lowest level when it reaches none. Callers pass their framework's readiness bands.</item>
/// <item>A dimension is distinctive when the centroid is at least <see cref="DistinctiveDifference"/> above (a
/// strength) or below (a gap) the overall mean on it. Up to <see cref="MostListed"/> of each are named, the largest
/// differences first, ties in dimension order.</item>
/// <item>With no distinctive dimension the name says "even profile".</item>
/// <item>Dimension names are lower-cased at the start ("Leadership" reads "leadership") unless they begin with an
/// acronym ("SEL ...").</item>
/// </list>
/// Names are built from phrases ("strong", "gaps in"; English unless other <see cref="ClusterPhrases"/> are passed)
/// as well as the labels passed in.
/// </remarks>
public static class ClusterNames
{
    /// <summary>Difference from the overall mean, in scale points (1-5 scores), that makes a dimension worth naming.</summary>
    public const double DistinctiveDifference = 0.25;

    public const int MostListed = 2;

    /// <summary>The name of one centroid.</summary>
    /// <param name="centroid">The centroid, one value per dimension.</param>
    /// <param name="dimensionNames">Display name of each dimension, in the same order.</param>
    /// <param name="overallMeans">What "strong" and "gaps" are measured against: the mean of all rows (or of all centroids), per dimension.</param>
    /// <param name="levels">Levels by ascending MinMean, such as a framework's readiness bands.</param>
    /// <param name="phrases">The words around the dimension names; English when null.</param>
    public static string Name(IReadOnlyList<double> centroid, IReadOnlyList<string> dimensionNames, IReadOnlyList<double> overallMeans, IReadOnlyList<ProfileLevel> levels, ClusterPhrases? phrases = null)
    {
        Check(centroid, dimensionNames, overallMeans, levels);
        return Level(centroid, levels).Label + ": " + Traits(centroid, dimensionNames, overallMeans, phrases ?? ClusterPhrases.English);
    }

    /// <summary>
    /// Names for every centroid of one result, all different. Where two would coincide, each of them shows its
    /// overall mean after the level ("Developing (3.41): even profile"); if that still coincides, they are numbered
    /// in centroid order ("... #1", "... #2").
    /// </summary>
    public static IReadOnlyList<string> NameAll(IReadOnlyList<IReadOnlyList<double>> centroids, IReadOnlyList<string> dimensionNames, IReadOnlyList<double> overallMeans, IReadOnlyList<ProfileLevel> levels, ClusterPhrases? phrases = null)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        phrases ??= ClusterPhrases.English;
        var names = centroids.Select(c => Name(c, dimensionNames, overallMeans, levels, phrases)).ToArray();
        var withMeans = centroids.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{Level(c, levels).Label} ({c.Average():0.00}): {Traits(c, dimensionNames, overallMeans, phrases)}")).ToArray();

        Disambiguate(names, i => withMeans[i]);
        Disambiguate(names, i => $"{names[i]} #{Repeats(names, i)}");
        return names;
    }

    private static ProfileLevel Level(IReadOnlyList<double> centroid, IReadOnlyList<ProfileLevel> levels)
    {
        var mean = centroid.Average();
        return levels.LastOrDefault(l => mean >= l.MinMean) ?? levels[0];
    }

    private static string Traits(IReadOnlyList<double> centroid, IReadOnlyList<string> dimensionNames, IReadOnlyList<double> overallMeans, ClusterPhrases phrases)
    {
        var differences = centroid.Select((value, d) => (Dimension: d, Difference: value - overallMeans[d])).ToList();
        var strengths = differences.Where(x => x.Difference >= DistinctiveDifference)
            .OrderByDescending(x => x.Difference).ThenBy(x => x.Dimension).Take(MostListed).Select(x => Phrase(dimensionNames[x.Dimension])).ToList();
        var gaps = differences.Where(x => x.Difference <= -DistinctiveDifference)
            .OrderBy(x => x.Difference).ThenBy(x => x.Dimension).Take(MostListed).Select(x => Phrase(dimensionNames[x.Dimension])).ToList();

        var parts = new List<string>(2);
        if (strengths.Count > 0)
        {
            parts.Add(phrases.Strong + " " + string.Join($" {phrases.And} ", strengths));
        }

        if (gaps.Count > 0)
        {
            parts.Add(phrases.GapsIn + " " + string.Join($" {phrases.And} ", gaps));
        }

        return parts.Count == 0 ? phrases.EvenProfile : string.Join(", ", parts);
    }

    /// <summary>A dimension name as it reads inside a sentence.</summary>
    private static string Phrase(string name) =>
        name.Length == 0 || (name.Length > 1 && char.IsUpper(name[1])) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Replaces every name that occurs more than once with <paramref name="rename"/> of its index.</summary>
    private static void Disambiguate(string[] names, Func<int, string> rename)
    {
        var repeated = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var renamed = names.Select((name, i) => repeated.Contains(name) ? rename(i) : name).ToArray();
        renamed.CopyTo(names, 0);
    }

    /// <summary>1-based position of names[i] among the names equal to it.</summary>
    private static int Repeats(string[] names, int i) => names.Take(i + 1).Count(n => n == names[i]);

    private static void Check(IReadOnlyList<double> centroid, IReadOnlyList<string> dimensionNames, IReadOnlyList<double> overallMeans, IReadOnlyList<ProfileLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(centroid);
        ArgumentNullException.ThrowIfNull(dimensionNames);
        ArgumentNullException.ThrowIfNull(overallMeans);
        ArgumentNullException.ThrowIfNull(levels);
        if (centroid.Count == 0 || dimensionNames.Count != centroid.Count || overallMeans.Count != centroid.Count)
        {
            throw new ArgumentException($"Need one dimension name and one overall mean per centroid value; got {centroid.Count} values, {dimensionNames.Count} names and {overallMeans.Count} means.", nameof(centroid));
        }

        if (levels.Count == 0 || levels.Zip(levels.Skip(1)).Any(p => p.Second.MinMean <= p.First.MinMean))
        {
            throw new ArgumentException("Need at least one level, listed by increasing MinMean.", nameof(levels));
        }
    }
}
