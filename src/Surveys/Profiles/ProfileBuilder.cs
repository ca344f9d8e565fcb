using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>What a round's reports are built from.</summary>
public sealed record ProfileInputs(
    Network Network,
    Round Round,
    Framework Framework,
    IReadOnlyList<Instrument> Instruments,
    IReadOnlyList<School> Schools,
    RoundAggregates Current,
    RoundAggregates? Previous,
    RoundStatus? Status,
    IReadOnlyDictionary<string, ProfileAssignment> Profiles,
    ReportNote? ProfileNote,
    PersonaCounts? Personas,
    PrivacyFloors Floors)
{
    /// <summary>The network's earlier profiled rounds, oldest first (trends, and where next steps rotate to).</summary>
    public IReadOnlyList<TrendData> History { get; init; } = [];

    /// <summary>The report words in every language.</summary>
    public ReportText Words { get; init; } = ReportText.Default;
}

/// <summary>
/// Turns a round's aggregates into the reports people read, applying every privacy rule on the way, so no template
/// can show what it should not:
/// <list type="bullet">
/// <item>a group under the school floor (5) shows no number in its own school's report; under the network floor (10)
/// none in anything that leaves the school (network summary, network medians and percentiles);</item>
/// <item>complementary suppression: in a school's staff by role group, and in a persona mix, a single hidden group takes
/// the next smallest with it (the total is shown, so one hidden group could be worked out);</item>
/// <item>item results only for items answered by at least the school floor; staff and student comparisons only on
/// paired items each answered by at least the school floor;</item>
/// <item>comments only when at least the open-text floor (10) answered; never in the network summary;</item>
/// <item>no school comparison on a dimension where schools do not differ (ICC(1) not above zero).</item>
/// </list>
/// Reports of one round's schools may be built in parallel: the inputs are only read.
/// </summary>
public static class ProfileBuilder
{
    // Lookups over a round's inputs, built on first use and shared by every report of the round (keyed by the inputs
    // object itself, so they go when the inputs do).
    private static readonly ConditionalWeakTable<ProfileInputs, Lookups> Indexes = [];

    /// <summary>A school's report in its report language.</summary>
    public static SchoolReport School(ProfileInputs inputs, School school) => School(inputs, school, school.ReportLanguage);

    /// <summary>A school's report in <paramref name="language"/> (English when the reports have no words in it).</summary>
    public static SchoolReport School(ProfileInputs inputs, School school, string language)
    {
        var words = inputs.Words;
        language = words.Has(language) ? language : LocalizedText.DefaultLanguage;
        var floors = inputs.Floors;
        var notes = new List<string>();
        var sections = new List<InstrumentSection>();
        var lookups = LookupsFor(inputs);
        foreach (var instrument in inputs.Instruments)
        {
            var group = lookups.Current(school.Id, instrument.Id);
            if (group is null)
            {
                continue;
            }

            var title = instrument.Title.In(language);
            if (group.Respondents < floors.School)
            {
                sections.Add(new InstrumentSection(instrument.Id, title, instrument.Audience, instrument.GradeBand, null, true, []));
                notes.Add(words.Format(language, "note.instrumentHidden", ("title", title), ("floor", floors.School)));
                continue;
            }

            sections.Add(new InstrumentSection(instrument.Id, title, instrument.Audience, instrument.GradeBand, group.Respondents, false,
                [.. instrument.Dimensions.Select(d => Row(inputs, school, instrument.Id, d, group.Find(d.Id), notes, language))]));
        }

        var staff = sections.FirstOrDefault(s => !s.Suppressed && s.Audience == Audience.Staff);
        var shownFramework = staff?.Dimensions.Where(d => !d.Suppressed && d.Kind != DimensionKind.Scale && d.Mean is not null).ToList() ?? [];
        var ranked = shownFramework.OrderByDescending(d => d.Mean).ThenByDescending(d => d.PercentFavorable).ThenBy(d => d.DimensionId, StringComparer.Ordinal).ToList();
        var rotation = NextSteps.Rotation(school.Id, inputs.History.Count);
        var strengths = ranked.Take(2).Select(d => Focus(inputs.Framework, d, 2, rotation, language)).ToList();
        var growth = ranked.Count >= 4 ? ranked.TakeLast(2).Reverse().Select(d => Focus(inputs.Framework, d, 3, rotation, language)).ToList() : [];

        var profile = inputs.Profiles.GetValueOrDefault(school.Id) is { } assigned
            ? assigned.In(language) is var text ? new ProfileAssignment(text.Name, text.Meaning, assigned.FromClusters) : assigned
            : new ProfileAssignment(words[language, "profile.none"], words.Format(language, "profile.noneMeaning", ("floor", floors.School)), false);

        // Everything that adds a privacy note is built before the notes are taken.
        var comparisons = Comparisons(inputs, school, sections, language, notes);
        var subgroups = Subgroups(inputs, school, staff, language, notes);
        var personas = PersonaMix(inputs, school, notes, language);
        var comments = Comments(inputs, school, notes, language);
        return new SchoolReport(
            inputs.Network.Name,
            RoundInfo.Of(inputs.Round),
            school,
            profile,
            sections,
            strengths,
            growth,
            personas,
            comments,
            RatesFor(inputs, school.Id, language),
            [.. notes.Distinct()],
            floors)
        {
            Language = language,
            Readiness = Readiness(inputs, staff, shownFramework, language),
            Comparisons = comparisons,
            ItemResults = ItemResults(inputs, school, sections, language),
            Subgroups = subgroups,
            Trend = Trend(inputs, school, language),
        };
    }

    /// <summary>
    /// The coaches' summary in <paramref name="language"/>, every word from the report words. Networks have no language
    /// setting, so the pipeline writes it in English.
    /// </summary>
    public static NetworkReport Network(ProfileInputs inputs, string language = LocalizedText.DefaultLanguage)
    {
        var floors = inputs.Floors;
        var words = inputs.Words;
        var staffInstrument = inputs.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        var dimensions = inputs.Framework.Dimensions;
        var lookups = LookupsFor(inputs);

        // A school's profile comes from its staff results, so it leaves the school only when they clear the network
        // floor; under it the summary, its profile groups and the CSV say "not shown", as for its numbers.
        var profileShown = inputs.Schools
            .Where(s => staffInstrument is not null && lookups.Current(s.Id, staffInstrument.Id)?.Respondents >= floors.Network)
            .Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);
        var rows = inputs.Schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(school =>
        {
            var respondents = inputs.Instruments.ToDictionary(
                i => i.Id,
                i => lookups.Current(school.Id, i.Id)?.Respondents is { } n && n >= floors.Network ? n : (int?)null);
            var staffGroup = staffInstrument is null ? null : lookups.Current(school.Id, staffInstrument.Id);
            var means = dimensions.Select(d => staffGroup is { } g && g.Respondents >= floors.Network && g.Find(d.Id) is { } stats && stats.N >= floors.Network ? stats.Mean : null).ToList();
            var profile = inputs.Profiles.GetValueOrDefault(school.Id) is not { } named ? words[language, "profile.none"]
                : profileShown.Contains(school.Id) ? named.In(language).Name
                : words[language, "notShown"];
            return new NetworkSchoolRow(school.Id, school.Name, profile, respondents, means);
        }).ToList();

        var groups = inputs.Profiles
            .Where(p => profileShown.Contains(p.Key))
            .GroupBy(p => p.Value.In(language))
            .Select(g => new ProfileGroup(g.Key.Name, g.Key.Meaning, [.. g.Select(p => inputs.Schools.First(s => s.Id == p.Key).Name).Order(StringComparer.Ordinal)]))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

        // A school's answered count is the CSV's respondents, hidden under the network floor like there, so the table and
        // the CSV never disagree.
        var shownRespondents = rows.ToDictionary(r => r.SchoolId, r => r.Respondents, StringComparer.Ordinal);
        var rates = inputs.Schools.OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => RatesFor(inputs, s.Id, language).Select(r => new NetworkRateRow(s.Name, AsShownOutside(r, shownRespondents[s.Id].GetValueOrDefault(r.InstrumentId)))))
            .Concat(inputs.Status?.Network.Select(p => new NetworkRateRow(words[language, "network.allSchools"], Rate(inputs, p, language))) ?? [])
            .ToList();
        var quality = inputs.Current.Reliability.Select(r =>
        {
            var icc = inputs.Current.Differences.FirstOrDefault(d => d.InstrumentId == r.InstrumentId && d.DimensionId == r.DimensionId);
            var name = inputs.Instruments.FirstOrDefault(i => i.Id == r.InstrumentId)?.Dimensions.FirstOrDefault(d => d.Id == r.DimensionId)?.Name.In(language) ?? r.DimensionId;
            return new QualityRow(r.InstrumentId, r.DimensionId, name, r.Alpha, r.CompleteRespondents, r.Flagged, icc?.Icc, icc?.SchoolsDiffer ?? false);
        }).ToList();

        var personas = new List<PersonaShare>();
        if (inputs.Personas is { } mix)
        {
            var totals = mix.Centroids.Select((_, i) => mix.BySchool.Values.Sum(c => c[i])).ToArray();
            personas = totals.Sum() >= floors.Network ? Shares(mix, totals, floors, words, language) : [];
        }

        var notes = new List<string>
        {
            words.Format(language, "network.note.floor", ("floor", floors.Network)),
            words.Format(language, "network.note.alpha", ("alpha", Reliability.Acceptable.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))),
            words[language, "network.note.icc"],
        };

        return new NetworkReport(inputs.Network.Name, RoundInfo.Of(inputs.Round), dimensions, rows, groups, inputs.ProfileNote?.In(words, language) ?? "", quality, rates, personas, notes, floors)
        {
            Language = language,
        };
    }


    private static DimensionRow Row(ProfileInputs inputs, School school, string instrumentId, Dimension dimension, Scoring.DimensionStatistics? stats, List<string> notes, string language)
    {
        var floors = inputs.Floors;
        var words = inputs.Words;
        if (stats is null || stats.N < floors.School || stats.Mean is null)
        {
            notes.Add(words.Format(language, "note.resultHidden", ("floor", floors.School)));
            return Hidden(dimension, words[language, "notShown"], language);
        }

        var mean = stats.Mean.Value;
        var band = inputs.Framework.BandFor(mean);
        var (median, percentile, comparisonNote) = Comparison(inputs, school.Id, instrumentId, dimension.Id, mean, language);
        if (comparisonNote is not null)
        {
            notes.Add(comparisonNote);
        }

        var before = LookupsFor(inputs).Previous(school.Id, instrumentId)?.Find(dimension.Id) is { } previous && previous.N >= floors.School && previous.Mean is not null ? previous : null;
        var margin = before is null ? null : Margin(before, stats);
        var change = before is null ? (double?)null : mean - before.Mean!.Value;
        return new DimensionRow(dimension.Id, dimension.Name.In(language), dimension.Kind, stats.N, mean, stats.StandardDeviation, stats.PercentFavorable,
            band.Id, band.Label.In(language), median, percentile, change, false, null)
        {
            ChangeMargin = margin,
            Changed = change is { } c && margin is { } m && Math.Abs(c) > m,
        };
    }

    /// <summary>
    /// The 95% margin of error of the difference between two independent group means:
    /// 1.96 x sqrt(sd1^2 / n1 + sd2^2 / n2); null when either SD is unknown (fewer than two respondents).
    /// </summary>
    public static double? Margin(Scoring.DimensionStatistics before, Scoring.DimensionStatistics after) =>
        before.StandardDeviation is { } sd1 && after.StandardDeviation is { } sd2
            ? 1.96 * Math.Sqrt((sd1 * sd1 / before.N) + (sd2 * sd2 / after.N))
            : null;

    /// <summary>
    /// The network median of school means and this school's percentile rank among the other schools (ties count
    /// half), over schools with at least the network floor of respondents; none when fewer than three such schools,
    /// or when the schools do not differ on the dimension.
    /// </summary>
    private static (double? Median, double? Percentile, string? Note) Comparison(ProfileInputs inputs, string schoolId, string instrumentId, string dimensionId, double mean, string language)
    {
        var lookups = LookupsFor(inputs);
        if (lookups.Differences(instrumentId, dimensionId) is { SchoolsDiffer: false })
        {
            return (null, null, inputs.Words[language, "note.noDifference"]);
        }

        var eligible = lookups.Comparable(instrumentId, dimensionId);
        if (eligible.Means.Length < 3)
        {
            return (null, null, inputs.Words.Format(language, "note.fewSchools", ("floor", inputs.Floors.Network)));
        }

        // Counts among the other eligible schools: all of them, less this school when it is one.
        var below = LowerBound(eligible.Means, mean);
        var equal = UpperBound(eligible.Means, mean) - below;
        var others = eligible.Means.Length;
        if (eligible.BySchool.TryGetValue(schoolId, out var own))
        {
            others--;
            below -= own < mean ? 1 : 0;
            equal -= own == mean ? 1 : 0;
        }

        var percentile = others < 2 ? (double?)null : 100.0 * (below + (0.5 * equal)) / others;
        return (eligible.Median, percentile, null);
    }

    public static double Median(IEnumerable<double> values) => MedianOfSorted([.. values.Order()]);

    private static double MedianOfSorted(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>How many of the ascending <paramref name="sorted"/> are below <paramref name="value"/>.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] < value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>How many of the ascending <paramref name="sorted"/> are at most <paramref name="value"/>.</summary>
    private static int UpperBound(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle] <= value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>
    /// Practice (the mean of the staff's shown framework dimension means) next to the readiness scales, and the
    /// sentence that reads them together: staff who want change (desire at <see cref="PersonaNames.HighDesire"/> or
    /// more) but lack capacity (under <see cref="PersonaNames.LowCapacity"/>) first; otherwise practice in place from the
    /// Developing cut point, and staff ready from a readiness mean (desire, capacity, shared vision) of 3.5.
    /// </summary>
    private static ReadinessSummary? Readiness(ProfileInputs inputs, InstrumentSection? staff, List<DimensionRow> shownFramework, string language)
    {
        if (staff is null)
        {
            return null;
        }

        var words = inputs.Words;
        var scales = staff.Dimensions.Where(d => d.Kind == DimensionKind.Scale).ToList();
        double? practice = shownFramework.Count > 0 ? shownFramework.Average(d => d.Mean!.Value) : null;
        var readinessMeans = scales.Where(d => RoundAggregates.ReadinessScales.Contains(d.DimensionId) && d.Mean is not null).Select(d => d.Mean!.Value).ToList();
        double? readiness = readinessMeans.Count > 0 ? readinessMeans.Average() : null;
        double? Mean(string id) => scales.FirstOrDefault(d => d.DimensionId == id)?.Mean;
        var eagerButUnsupported = Mean("desire-to-change") >= PersonaNames.HighDesire && Mean("capacity") < PersonaNames.LowCapacity;
        var reading = (practice, readiness) switch
        {
            (null, _) or (_, null) => words[language, "reading.partial"],
            _ when eagerButUnsupported => words[language, "reading.eager-unsupported"],
            ({ } p, { } r) => words[language, $"reading.{(p >= PersonaNames.PracticeInPlace ? "practiced" : "early")}-{(r >= PersonaNames.HighDesire ? "ready" : "hesitant")}"],
        };
        return new ReadinessSummary(practice, practice is { } mean ? inputs.Framework.BandFor(mean).Label.In(language) : null, scales, reading);
    }

    /// <summary>
    /// Staff against each student form on the principles they are both asked about with parallel items (items that
    /// share a parallel key): percent favorable over the paired items on each side. Favorable shares, not means, because
    /// the forms answer on different scales (how often, how true, how much they agree). A principle is hidden when
    /// any paired item has fewer than the school floor of answers on either side.
    /// </summary>
    private static List<ParallelComparison> Comparisons(ProfileInputs inputs, School school, List<InstrumentSection> sections, string language, List<string> notes)
    {
        var words = inputs.Words;
        var lookups = LookupsFor(inputs);
        var staffInstrument = inputs.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        var staffShown = sections.Any(s => s.Audience == Audience.Staff && !s.Suppressed);
        if (staffInstrument is null || !staffShown || lookups.Current(school.Id, staffInstrument.Id) is not { } staffGroup)
        {
            return [];
        }

        var comparisons = new List<ParallelComparison>();
        foreach (var form in inputs.Instruments.Where(i => i.Audience == Audience.Student && sections.Any(s => s.InstrumentId == i.Id && !s.Suppressed)))
        {
            var studentGroup = lookups.Current(school.Id, form.Id)!;
            var pairs = form.Items.Where(i => i.Parallel is not null)
                .Select(i => (Student: i, Staff: staffInstrument.Items.FirstOrDefault(s => s.Parallel == i.Parallel && s.Dimension == i.Dimension)))
                .Where(p => p.Staff is not null)
                .ToList();
            if (pairs.Count == 0)
            {
                continue;
            }

            var rows = new List<ParallelRow>();
            foreach (var principle in inputs.Framework.Dimensions.Where(d => d.Kind == DimensionKind.Principle))
            {
                var paired = pairs.Where(p => p.Student.Dimension == principle.Id).ToList();
                if (paired.Count == 0)
                {
                    continue;
                }

                var staffCounts = paired.Select(p => staffGroup.FindItem(p.Staff!.Id)).ToList();
                var studentCounts = paired.Select(p => studentGroup.FindItem(p.Student.Id)).ToList();
                if (staffCounts.Concat(studentCounts).Any(c => c is null || c.Scaled < inputs.Floors.School))
                {
                    rows.Add(new ParallelRow(principle.Id, principle.Name.In(language), paired.Count, null, null, null, true));
                    notes.Add(words.Format(language, "note.resultHidden", ("floor", inputs.Floors.School)));
                    continue;
                }

                var staffShare = 100.0 * staffCounts.Sum(c => c!.Favorable) / staffCounts.Sum(c => c!.Scaled);
                var studentShare = 100.0 * studentCounts.Sum(c => c!.Favorable) / studentCounts.Sum(c => c!.Scaled);
                rows.Add(new ParallelRow(principle.Id, principle.Name.In(language), paired.Count, staffShare, studentShare, staffShare - studentShare, false));
            }

            var title = form.GradeBand is { } band ? words.Format(language, "compareWith", ("band", band)) : form.Title.In(language);
            comparisons.Add(new ParallelComparison(form.Id, title, rows,
                [.. pairs.Select(p => words.Format(language, "compare.pair", ("staff", p.Staff!.Text.In(language)), ("student", p.Student.Text.In(language))))]));
        }

        return comparisons;
    }

    /// <summary>Every item of every shown instrument: answer shares under the school floor rule.</summary>
    private static List<ItemSection> ItemResults(ProfileInputs inputs, School school, List<InstrumentSection> sections, string language)
    {
        var lookups = LookupsFor(inputs);
        var results = new List<ItemSection>();
        foreach (var instrument in inputs.Instruments.Where(i => sections.Any(s => s.InstrumentId == i.Id && !s.Suppressed)))
        {
            var group = lookups.Current(school.Id, instrument.Id)!;
            results.Add(new ItemSection(instrument.Id, instrument.Title.In(language), [.. instrument.Items.Select(item =>
            {
                var dimension = instrument.Dimensions.First(d => d.Id == item.Dimension).Name.In(language);
                var counts = group.FindItem(item.Id);
                var answered = counts is null ? 0 : counts.Scaled + counts.DontKnow;
                if (counts is null || answered < inputs.Floors.School || counts.Scaled == 0)
                {
                    return new ItemRow(item.Id, dimension, item.Text.In(language), null, null, null, null, null, true);
                }

                return new ItemRow(item.Id, dimension, item.Text.In(language), answered,
                    100.0 * counts.Favorable / counts.Scaled, 100.0 * counts.Neutral / counts.Scaled, 100.0 * counts.Unfavorable / counts.Scaled,
                    item.DontKnow ? 100.0 * counts.DontKnow / answered : null, false);
            })]));
        }

        return results;
    }

    /// <summary>
    /// The staff by stored role group. A group under the school floor shows nothing; since the whole staff's result
    /// is shown, a single hidden group could be worked out from the others, so then the next smallest group is
    /// hidden too; the same holds cell by cell within each dimension.
    /// </summary>
    private static List<SubgroupTable> Subgroups(ProfileInputs inputs, School school, InstrumentSection? staff, string language, List<string> notes)
    {
        if (staff is null)
        {
            return [];
        }

        var words = inputs.Words;
        var groups = LookupsFor(inputs).Roles(school.Id, staff.InstrumentId);
        if (groups.Count < 2)
        {
            return [];
        }

        var floor = inputs.Floors.School;
        var shownGroup = Complement([.. groups.Select(g => g.Respondents)], floor);
        var instrument = inputs.Instruments.First(i => i.Id == staff.InstrumentId);
        var rows = instrument.Dimensions.Select(d =>
        {
            var counts = groups.Select((g, i) => shownGroup[i] ? g.Find(d.Id)?.N ?? 0 : 0).ToArray();
            var shown = Complement(counts, floor);
            return new SubgroupRow(d.Id, d.Name.In(language), [.. groups.Select((g, i) => shown[i] ? g.Find(d.Id)?.Mean : null)]);
        }).ToList();
        if (shownGroup.Contains(false) || rows.Any(r => r.Means.Contains(null)))
        {
            notes.Add(words.Format(language, "note.subgroupHidden", ("floor", floor)));
        }

        if (!shownGroup.Contains(true))
        {
            return [];
        }

        return [new SubgroupTable(instrument.Id, instrument.Title.In(language), [.. groups.Select(g => RoleLabel(g.Role!, words, language))],
            [.. groups.Select((g, i) => shownGroup[i] ? g.Respondents : (int?)null)], rows)];
    }

    /// <summary>A stored role group's name in a report (see <see cref="RoleGroups"/>), e.g. "Support staff and administrators".</summary>
    private static string RoleLabel(string group, ReportText words, string language)
    {
        var names = group.Split('+').Select(p => words[language, $"role.{p}"]).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + $" {words[language, "cluster.and"]} " + names[^1];
    }

    /// <summary>
    /// Which cells may be shown: at least the floor, and if exactly one non-empty cell is under it, the smallest other
    /// cell goes too (the total is known, so one hidden cell could be derived).
    /// </summary>
    public static bool[] Complement(int[] counts, int floor)
    {
        var shown = counts.Select(c => c >= floor).ToArray();
        if (shown.Count(s => !s) == 1)
        {
            var next = Enumerable.Range(0, counts.Length).Where(i => shown[i]).OrderBy(i => counts[i]).ThenBy(i => i).FirstOrDefault(-1);
            if (next >= 0)
            {
                shown[next] = false;
            }
        }

        return shown;
    }

    /// <summary>
    /// The school's staff means on every dimension over the network's profiled rounds and this one, where shown
    /// (school floor); none with fewer than two rounds of results.
    /// </summary>
    private static SchoolTrend? Trend(ProfileInputs inputs, School school, string language)
    {
        var staff = inputs.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        if (staff is null)
        {
            return null;
        }

        var floor = inputs.Floors.School;
        var rounds = inputs.History.Select(h => (Label: h.Name ?? h.RoundId, Group: h.Groups.FirstOrDefault(g => g.SchoolId == school.Id && g.InstrumentId == staff.Id && g.Role is null)))
            .Append((Label: inputs.Round.Name, Group: LookupsFor(inputs).Current(school.Id, staff.Id)))
            .Where(r => r.Group is { } g && g.Respondents >= floor)
            .ToList();
        if (rounds.Count < 2)
        {
            return null;
        }

        var lines = staff.Dimensions.Select(d =>
        {
            var stats = rounds.Select(r => r.Group!.Find(d.Id) is { } s && s.N >= floor && s.Mean is not null ? s : null).ToList();
            var (before, after) = (stats[^2], stats[^1]);
            var change = before is null || after is null ? (double?)null : after.Mean!.Value - before.Mean!.Value;
            var margin = before is null || after is null ? null : Margin(before, after);
            return new TrendLine(d.Id, d.Name.In(language), [.. stats.Select(s => s?.Mean)], change, margin, change is { } c && margin is { } m && Math.Abs(c) > m);
        }).ToList();
        return new SchoolTrend([.. rounds.Select(r => r.Label)], lines);
    }

    private static DimensionRow Hidden(Dimension dimension, string note, string language) =>
        new(dimension.Id, dimension.Name.In(language), dimension.Kind, null, null, null, null, null, null, null, null, null, true, note);

    private static FocusArea Focus(Framework framework, DimensionRow row, int steps, int rotation, string language) =>
        new(row.DimensionId, row.Name, row.Mean!.Value, row.BandLabel!, [.. NextSteps.For(framework, row.DimensionId, row.BandId!, steps, rotation).Select(p =>
            new NextStep(p.Id, p.Title.In(language), p.Description.In(language), p.Owner?.In(language), p.FirstStep?.In(language), p.Evidence?.In(language)))]);

    private static List<PersonaShare> PersonaMix(ProfileInputs inputs, School school, List<string> notes, string language)
    {
        if (inputs.Personas is not { } mix || !mix.BySchool.TryGetValue(school.Id, out var counts))
        {
            return [];
        }

        if (counts.Sum() < inputs.Floors.School)
        {
            notes.Add(inputs.Words.Format(language, "note.personasHidden", ("floor", inputs.Floors.School)));
            return [];
        }

        var shares = Shares(mix, counts, inputs.Floors, inputs.Words, language);
        if (shares.Any(s => s.Count is null))
        {
            notes.Add(inputs.Words.Format(language, "note.personaSmall", ("small", inputs.Floors.SmallCell)));
        }

        return shares;
    }

    /// <summary>Persona counts with small cells hidden; if only one is hidden, the smallest shown one goes too, since the total is known.</summary>
    private static List<PersonaShare> Shares(PersonaCounts mix, int[] counts, PrivacyFloors floors, ReportText words, string language)
    {
        var total = counts.Sum();
        var hidden = counts.Select(c => c > 0 && c < floors.SmallCell).ToArray();
        if (hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, counts.Length).Where(i => !hidden[i] && counts[i] > 0).OrderBy(i => counts[i]).ThenBy(i => i).FirstOrDefault(-1);
            if (next >= 0)
            {
                hidden[next] = true;
            }
        }

        var names = PersonaNames.NameAll(mix.Features, mix.Centroids, words, language);
        return [.. counts.Select((count, i) => hidden[i]
            ? new PersonaShare(names[i], PersonaNames.Describe(mix.Features, mix.Centroids[i], words, language), null, null,
                count < floors.SmallCell ? words.Format(language, "persona.fewerThan", ("small", floors.SmallCell)) : words[language, "persona.notShown"])
            : new PersonaShare(names[i], PersonaNames.Describe(mix.Features, mix.Centroids[i], words, language), count, (double)count / total,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} ({100.0 * count / total:0}%)")))];
    }

    private static List<CommentGroup> Comments(ProfileInputs inputs, School school, List<string> notes, string language)
    {
        var groups = new List<CommentGroup>();
        var lookups = LookupsFor(inputs);
        foreach (var instrument in inputs.Instruments.Where(i => i.OpenPrompts.Count > 0))
        {
            var respondents = lookups.Current(school.Id, instrument.Id)?.Respondents ?? 0;
            if (respondents < inputs.Floors.OpenText)
            {
                if (respondents > 0)
                {
                    notes.Add(inputs.Words.Format(language, "note.commentsHidden", ("floor", inputs.Floors.OpenText)));
                }

                continue;
            }

            foreach (var prompt in instrument.OpenPrompts)
            {
                var comments = lookups.Comments(school.Id, instrument.Id, prompt.Id)
                    .OrderBy(t => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(t))), StringComparer.Ordinal)
                    .ToList();
                if (comments.Count > 0)
                {
                    groups.Add(new CommentGroup(prompt.Id, prompt.Text.In(language), comments));
                }
            }
        }

        return groups;
    }

    /// <summary>A school's rate as the network summary shows it: answered and rate from <paramref name="respondents"/>, or neither.</summary>
    private static ResponseRateRow AsShownOutside(ResponseRateRow rate, int? respondents) => respondents is { } n
        ? rate with { Responded = n, Rate = rate.Invited is > 0 and var invited ? Math.Min(1.0, (double)n / invited) : null }
        : rate with { Responded = null, Rate = null };

    private static List<ResponseRateRow> RatesFor(ProfileInputs inputs, string schoolId, string language) =>
        [.. LookupsFor(inputs).Progress(schoolId).Select(p => Rate(inputs, p, language))];

    private static ResponseRateRow Rate(ProfileInputs inputs, InstrumentProgress progress, string language) =>
        new(progress.InstrumentId, inputs.Instruments.FirstOrDefault(i => i.Id == progress.InstrumentId)?.Title.In(language) ?? progress.InstrumentId,
            inputs.Words[language, $"mode.{progress.Mode.ToString().ToLowerInvariant()}"], progress.Invited, progress.Responded, progress.ResponseRate);

    private static Lookups LookupsFor(ProfileInputs inputs) => Indexes.GetValue(inputs, static i => new Lookups(i));

    /// <summary>The eligible schools' means on one dimension of one instrument, ascending, with their median.</summary>
    private sealed record ComparableMeans(double[] Means, Dictionary<string, double> BySchool, double Median);

    /// <summary>
    /// A round's groups, ICCs, comparison sets, comments and response rates by key. Without them every school's report
    /// scans every group of the network for each of its rows, and every comment of the network for each prompt: time
    /// grows with the square of the schools (minutes for a statewide round of 1,800 schools).
    /// </summary>
    private sealed class Lookups
    {
        private readonly Dictionary<(string School, string Instrument), GroupAggregate> _current = [];
        private readonly Dictionary<(string School, string Instrument), GroupAggregate> _previous = [];
        private readonly ILookup<(string School, string Instrument), GroupAggregate> _roles;
        private readonly Dictionary<(string Instrument, string Dimension), SchoolDifferences> _differences = [];
        private readonly Dictionary<(string Instrument, string Dimension), ComparableMeans> _comparable = [];
        private readonly Dictionary<(string School, string Instrument, string Prompt), List<string>> _comments = [];
        private readonly ILookup<string, InstrumentProgress> _progress;

        public Lookups(ProfileInputs inputs)
        {
            // The first of equal keys wins everywhere, as the linear searches these replace did.
            foreach (var group in inputs.Current.Groups)
            {
                _current.TryAdd((group.SchoolId, group.InstrumentId), group);
            }

            _roles = inputs.Current.Subgroups.ToLookup(g => (g.SchoolId, g.InstrumentId));
            foreach (var group in inputs.Previous?.Groups ?? [])
            {
                _previous.TryAdd((group.SchoolId, group.InstrumentId), group);
            }

            foreach (var difference in inputs.Current.Differences)
            {
                _differences.TryAdd((difference.InstrumentId, difference.DimensionId), difference);
            }

            // Schools with at least the network floor of respondents with a score on the dimension (one group per
            // school and instrument, so a school is in each set at most once).
            var eligible = new Dictionary<(string Instrument, string Dimension), Dictionary<string, double>>();
            foreach (var group in inputs.Current.Groups)
            {
                foreach (var dimension in group.Dimensions)
                {
                    if (ReferenceEquals(group.Find(dimension.DimensionId), dimension) && dimension.N >= inputs.Floors.Network && dimension.Mean is { } mean)
                    {
                        var key = (group.InstrumentId, dimension.DimensionId);
                        if (!eligible.TryGetValue(key, out var means))
                        {
                            eligible[key] = means = new Dictionary<string, double>(StringComparer.Ordinal);
                        }

                        means.TryAdd(group.SchoolId, mean);
                    }
                }
            }

            foreach (var (key, means) in eligible)
            {
                double[] sorted = [.. means.Values.Order()];
                _comparable[key] = new ComparableMeans(sorted, means, MedianOfSorted(sorted));
            }

            foreach (var comment in inputs.Current.Comments)
            {
                var key = (comment.SchoolId, comment.InstrumentId, comment.PromptId);
                if (!_comments.TryGetValue(key, out var texts))
                {
                    _comments[key] = texts = [];
                }

                texts.Add(comment.Text);
            }

            _progress = (inputs.Status?.Schools ?? []).ToLookup(p => p.SchoolId, StringComparer.Ordinal);
        }

        public GroupAggregate? Current(string schoolId, string instrumentId) => _current.GetValueOrDefault((schoolId, instrumentId));

        public GroupAggregate? Previous(string schoolId, string instrumentId) => _previous.GetValueOrDefault((schoolId, instrumentId));

        /// <summary>A school's staff role groups on one instrument, in <see cref="RoleGroups.Order"/>.</summary>
        public List<GroupAggregate> Roles(string schoolId, string instrumentId) =>
            [.. _roles[(schoolId, instrumentId)].OrderBy(g => RoleGroups.Order(g.Role!)).ThenBy(g => g.Role, StringComparer.Ordinal)];

        public SchoolDifferences? Differences(string instrumentId, string dimensionId) => _differences.GetValueOrDefault((instrumentId, dimensionId));

        public ComparableMeans Comparable(string instrumentId, string dimensionId) =>
            _comparable.GetValueOrDefault((instrumentId, dimensionId)) ?? new ComparableMeans([], [], double.NaN);

        public List<string> Comments(string schoolId, string instrumentId, string promptId) =>
            _comments.GetValueOrDefault((schoolId, instrumentId, promptId)) ?? [];

        public IEnumerable<InstrumentProgress> Progress(string schoolId) => _progress[schoolId];
    }
}
