namespace ReadinessPipeline.Models;

/// <summary>What a dimension measures: a principle of personalized learning, a system of support, or an extra scale of one instrument.</summary>
public enum DimensionKind
{
    Principle,
    SystemOfSupport,
    Scale,
}

/// <summary>One thing scores are reported against, such as "competency" or "leadership".</summary>
public sealed record Dimension(string Id, DimensionKind Kind, LocalizedText Name, LocalizedText Summary);

/// <summary>A named range of dimension means; a mean belongs to the highest band whose <see cref="MinMean"/> it reaches.</summary>
public sealed record ReadinessBand(string Id, double MinMean, LocalizedText Label, LocalizedText Meaning);

/// <summary>A set of dimensions a network reports against, with its readiness bands and recommended practices.</summary>
public sealed record Framework(
    string Id,
    int Version,
    LocalizedText Name,
    IReadOnlyList<Dimension> Dimensions,
    IReadOnlyList<ReadinessBand> Bands,
    IReadOnlyDictionary<string, IReadOnlyList<Practice>> Practices)
{
    public Dimension? FindDimension(string id) => Dimensions.FirstOrDefault(d => d.Id == id);

    /// <summary>The band a mean falls in; bands are ordered by <see cref="ReadinessBand.MinMean"/> ascending.</summary>
    public ReadinessBand BandFor(double mean)
    {
        var band = Bands[0];
        foreach (var candidate in Bands)
        {
            if (mean >= candidate.MinMean)
            {
                band = candidate;
            }
        }

        return band;
    }
}

/// <summary>
/// A concrete next step a school can take to grow on a dimension: the readiness bands it fits, the practices of the
/// same dimension that come before it, and (where the framework gives them) who usually owns it, a first step for the
/// next 30 days and the evidence that would show progress.
/// </summary>
public sealed record Practice(string Id, LocalizedText Title, LocalizedText Description)
{
    /// <summary>Band ids this practice fits; every band when the framework does not say.</summary>
    public IReadOnlyList<string> Bands { get; init; } = [];

    /// <summary>Practices of the same dimension that come before this one.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    public LocalizedText? Owner { get; init; }

    public LocalizedText? FirstStep { get; init; }

    public LocalizedText? Evidence { get; init; }

    public bool Fits(string bandId) => Bands.Count == 0 || Bands.Contains(bandId);
}
