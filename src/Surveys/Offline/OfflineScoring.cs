using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Surveys.Offline;

/// <summary>A dimension's reliability over the whole file: raw alpha and the respondents who answered all its items.</summary>
public sealed record OfflineDimension(string Id, double? Alpha, int N);

/// <summary>A school's result on one dimension; mean, percent favorable (0-100) and band are null when suppressed.</summary>
public sealed record OfflineSchoolDimension(string Id, int N, double? Mean, double? PercentFavorable, string? Band, bool Suppressed);

public sealed record OfflineSchool(string Id, int N, IReadOnlyList<OfflineSchoolDimension> Dimensions, string Profile);

/// <summary>Scores of a CSV export, by school, with the aggregates they came from (for the optional reports).</summary>
public sealed record OfflineResult(Instrument Instrument, IReadOnlyList<OfflineDimension> Dimensions, IReadOnlyList<OfflineSchool> Schools, RoundAggregates Aggregates);

/// <summary>The CSV cannot be scored; <see cref="Line"/> is the 1-based line of the file (the header is line 1).</summary>
public sealed class OfflineInputException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Scores answers exported from another survey tool, with the same engine and rules as the pipeline: a CSV with the
/// header <c>respondent_id,school_id,&lt;item ids...&gt;</c>, whole-number answers, empty = not answered, <c>dk</c> =
/// "don't know" (on items that offer it; scored as not answered). A school's
/// dimension is suppressed below <c>minN</c> respondents with a score; schools are profiled by clustering their
/// dimension means (all dimensions shown), or by band when there are too few schools.
/// </summary>
public static class OfflineScoring
{
    /// <summary>Longest cell read, in characters: ids and answers are short; a longer cell is a broken file.</summary>
    public const int MaxCellLength = 4096;

    /// <exception cref="OfflineInputException">The CSV cannot be scored; the message names the line.</exception>
    public static OfflineResult Score(Instrument instrument, Framework framework, ScoringPlans plans, TextReader csv, int minN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minN, 1);
        var plan = plans.For(instrument);
        var aggregator = new RoundAggregator((id, version) => id == instrument.Id && version == instrument.Version ? instrument : null, plans);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = true,
            TrimOptions = TrimOptions.Trim,
            MaxFieldSize = MaxCellLength,
            ExceptionMessagesContainRawData = false,
        };
        using var reader = new CsvReader(csv, configuration);
        List<(string Name, int Index)> columns;
        try
        {
            columns = ReadRows(instrument, plan, aggregator, reader);
        }
        catch (MaxFieldSizeException e)
        {
            throw new OfflineInputException(e.Context?.Parser?.RawRow ?? 1, $"a cell is longer than {MaxCellLength} characters.");
        }
        catch (BadDataException e)
        {
            throw new OfflineInputException(e.Context?.Parser?.RawRow ?? 1, "the line has a different number of cells than the header, or a stray quote.");
        }

        return Result(instrument, framework, columns, aggregator.Result(), minN);
    }

    /// <summary>Reads the header and every row into the aggregator; returns the item columns of the header.</summary>
    private static List<(string Name, int Index)> ReadRows(Instrument instrument, ScoringPlan plan, RoundAggregator aggregator, CsvReader reader)
    {
        if (!reader.Read() || !reader.ReadHeader())
        {
            throw new OfflineInputException(1, "the file is empty; the first line must be the header respondent_id,school_id,<item ids...>.");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var header = reader.HeaderRecord!;
        if (header.Length < 3 || header[0] != "respondent_id" || header[1] != "school_id")
        {
            throw new OfflineInputException(1, "the header must start with respondent_id,school_id and then name at least one item.");
        }

        var columns = header.Skip(2).Select(name => (Name: name, Index: plan.IndexOf(name))).ToList();
        if (columns.FirstOrDefault(c => c.Index < 0) is { Name: { } unknown })
        {
            throw new OfflineInputException(1, $"column '{Shown(unknown)}' is not an item of {instrument.Key}.");
        }

        if (columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new OfflineInputException(1, $"column '{Shown(repeated.Key)}' appears twice.");
        }

        while (reader.Read())
        {
            var line = reader.Parser.RawRow;
            var respondent = reader.GetField(0) ?? "";
            var school = reader.GetField(1) ?? "";
            if (respondent.Length == 0 || school.Length == 0)
            {
                throw new OfflineInputException(line, "respondent_id and school_id must not be empty.");
            }

            if (!seen.TryAdd(respondent, line))
            {
                throw new OfflineInputException(line, $"respondent '{Shown(respondent)}' already appeared on line {seen[respondent]}.");
            }

            var answers = new byte[plan.ItemCount];
            foreach (var (name, index) in columns)
            {
                var text = reader.GetField(header.AsSpan().IndexOf(name)) ?? "";
                if (text.Length == 0)
                {
                    continue;
                }

                var item = instrument.Items[index];
                if (item.DontKnow && IsDontKnow(text))
                {
                    answers[index] = Item.DontKnowCode;
                    continue;
                }

                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < item.Min || value > item.Max)
                {
                    throw new OfflineInputException(line, $"{name} is '{Shown(text)}'; answers are whole numbers from {item.Min} to {item.Max}{(item.DontKnow ? ", dk (don't know)" : "")}, or empty.");
                }

                answers[index] = (byte)value;
            }

            aggregator.Add(new StoredResponse(respondent, school, instrument.Id, instrument.Version, answers));
        }

        return seen.Count > 0 ? columns : throw new OfflineInputException(1, "the file has the header but no rows of answers.");
    }

    private static OfflineResult Result(Instrument instrument, Framework framework, List<(string Name, int Index)> columns, RoundAggregates aggregates, int minN)
    {
        var dimensions = aggregates.Reliability.Select(r => new OfflineDimension(r.DimensionId, r.Alpha, r.CompleteRespondents)).ToList();
        var groups = aggregates.Groups.Where(g => g.InstrumentId == instrument.Id).OrderBy(g => g.SchoolId, StringComparer.Ordinal).ToList();
        var covered = instrument.Dimensions.Where(d => columns.Any(c => instrument.Items[c.Index].Dimension == d.Id)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var profiles = Profiles(instrument, framework, groups, covered, minN);
        var schools = groups.Select(g => new OfflineSchool(
            g.SchoolId,
            g.Respondents,
            [.. g.Dimensions.Select(d => d.N >= minN && d.Mean is { } mean
                ? new OfflineSchoolDimension(d.DimensionId, d.N, mean, d.PercentFavorable, framework.BandFor(mean).Id, false)
                : new OfflineSchoolDimension(d.DimensionId, d.N, null, null, null, true))],
            profiles[g.SchoolId])).ToList();
        return new OfflineResult(instrument, dimensions, schools, aggregates);
    }

    /// <summary>
    /// Cluster names for schools with every dimension the file covers shown (clustered on those dimensions); the band
    /// of their mean when there are too few such schools; "not profiled" for the rest.
    /// </summary>
    private static Dictionary<string, string> Profiles(Instrument instrument, Framework framework, List<GroupAggregate> groups, HashSet<string> covered, int minN)
    {
        List<DimensionStatistics> Covered(GroupAggregate g) => [.. g.Dimensions.Where(d => covered.Contains(d.DimensionId))];
        var eligible = groups.Where(g => Covered(g).All(d => d.N >= minN && d.Mean is not null)).ToList();
        var profiles = groups.ToDictionary(g => g.SchoolId, g => eligible.Contains(g) ? "" : "Not profiled: too few respondents", StringComparer.Ordinal);
        var result = KMeansClusterer.ClusterBestK([.. eligible.Select(g => Covered(g).Select(d => d.Mean!.Value).ToArray())], 2, 5);
        if (result is Clustered clustered)
        {
            var names = ClusterNames.NameAll(clustered.Centroids, [.. instrument.Dimensions.Where(d => covered.Contains(d.Id)).Select(d => d.Name.In("en"))], clustered.OverallMeans, ProfileNaming.Levels(framework));
            for (var i = 0; i < eligible.Count; i++)
            {
                profiles[eligible[i].SchoolId] = names[clustered.Assignments[i]];
            }
        }
        else
        {
            foreach (var group in eligible)
            {
                profiles[group.SchoolId] = ProfileNaming.BandFallback(framework, Covered(group).Average(d => d.Mean!.Value), "").Name;
            }
        }

        return profiles;
    }

    /// <summary>"dk" or "dont-know", in any case: how an export marks a "don't know" answer.</summary>
    private static bool IsDontKnow(string text) =>
        text.Equals("dk", StringComparison.OrdinalIgnoreCase) || text.Equals(Item.DontKnowAnswer, StringComparison.OrdinalIgnoreCase);

    private static string Shown(string text) => new([.. text.Where(c => !char.IsControl(c)).Take(40)]);
}
