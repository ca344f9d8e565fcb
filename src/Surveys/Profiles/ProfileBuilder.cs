using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Models;
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
    string ProfileNote,
    PersonaCounts? Personas,
    PrivacyFloors Floors);

/// <summary>
/// Turns a round's aggregates into the reports people read, applying every privacy rule on the way, so no template
/// can show what it should not:
/// <list type="bullet">
/// <item>a group under the school floor (5) shows no number in its own school's report; under the network floor (10)
/// none in anything that leaves the school (network summary, network medians and percentiles);</item>
/// <item>complementary suppression: when a school's students are shown pooled (in the staff-student gaps) and one of
/// two student forms is hidden, the other form is hidden too, or the hidden one could be worked out; in a persona mix
/// a single hidden small count takes the next smallest with it;</item>
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

    public static SchoolReport School(ProfileInputs inputs, School school)
    {
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

            if (group.Respondents < floors.School)
            {
                sections.Add(new InstrumentSection(instrument.Id, instrument.Title.In("en"), instrument.Audience, instrument.GradeBand, null, true, []));
                notes.Add($"{instrument.Title.In("en")}: fewer than {floors.School} people answered, so no results are shown to protect their privacy.");
                continue;
            }

            sections.Add(new InstrumentSection(instrument.Id, instrument.Title.In("en"), instrument.Audience, instrument.GradeBand, group.Respondents, false,
                [.. instrument.Dimensions.Select(d => Row(inputs, school, instrument.Id, d, group.Find(d.Id), notes))]));
        }

        var gaps = Gaps(inputs, school, sections, notes);
        var staff = sections.FirstOrDefault(s => !s.Suppressed && s.Audience == Audience.Staff);
        var shownFramework = staff?.Dimensions.Where(d => !d.Suppressed && d.Kind != DimensionKind.Scale && d.Mean is not null).ToList() ?? [];
        var ranked = shownFramework.OrderByDescending(d => d.Mean).ThenByDescending(d => d.PercentFavorable).ThenBy(d => d.DimensionId, StringComparer.Ordinal).ToList();
        var strengths = ranked.Take(2).Select(d => Focus(inputs.Framework, d, 2)).ToList();
        var growth = ranked.Count >= 4 ? ranked.TakeLast(2).Reverse().Select(d => Focus(inputs.Framework, d, 3)).ToList() : [];

        var profile = inputs.Profiles.GetValueOrDefault(school.Id)
            ?? new ProfileAssignment("Not profiled", $"Fewer than {floors.School} staff answered, so this school has no readiness profile this round.", false);

        return new SchoolReport(
            inputs.Network.Name,
            RoundInfo.Of(inputs.Round),
            school,
            profile,
            sections,
            gaps,
            strengths,
            growth,
            PersonaMix(inputs, school, notes),
            Comments(inputs, school, notes),
            RatesFor(inputs, school.Id),
            [.. notes.Distinct()],
            floors);
    }

    public static NetworkReport Network(ProfileInputs inputs)
    {
        var floors = inputs.Floors;
        var staffInstrument = inputs.Instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        var dimensions = inputs.Framework.Dimensions;
        var lookups = LookupsFor(inputs);
        var rows = inputs.Schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(school =>
        {
            var respondents = inputs.Instruments.ToDictionary(
                i => i.Id,
                i => lookups.Current(school.Id, i.Id)?.Respondents is { } n && n >= floors.Network ? n : (int?)null);
            var staffGroup = staffInstrument is null ? null : lookups.Current(school.Id, staffInstrument.Id);
            var means = dimensions.Select(d => staffGroup is { } g && g.Respondents >= floors.Network && g.Find(d.Id) is { } stats && stats.N >= floors.Network ? stats.Mean : null).ToList();
            return new NetworkSchoolRow(school.Id, school.Name, inputs.Profiles.GetValueOrDefault(school.Id)?.Name ?? "Not profiled", respondents, means);
        }).ToList();

        var groups = inputs.Profiles
            .GroupBy(p => (p.Value.Name, p.Value.Meaning))
            .Select(g => new ProfileGroup(g.Key.Name, g.Key.Meaning, [.. g.Select(p => inputs.Schools.First(s => s.Id == p.Key).Name).Order(StringComparer.Ordinal)]))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

        var rates = inputs.Schools.OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => RatesFor(inputs, s.Id).Select(r => new NetworkRateRow(s.Name, r)))
            .Concat(inputs.Status?.Network.Select(p => new NetworkRateRow("All schools", Rate(inputs, p))) ?? [])
            .ToList();
        var quality = inputs.Current.Reliability.Select(r =>
        {
            var icc = inputs.Current.Differences.FirstOrDefault(d => d.InstrumentId == r.InstrumentId && d.DimensionId == r.DimensionId);
            var name = inputs.Instruments.FirstOrDefault(i => i.Id == r.InstrumentId)?.Dimensions.FirstOrDefault(d => d.Id == r.DimensionId)?.Name.In("en") ?? r.DimensionId;
            return new QualityRow(r.InstrumentId, r.DimensionId, name, r.Alpha, r.CompleteRespondents, r.Flagged, icc?.Icc, icc?.SchoolsDiffer ?? false);
        }).ToList();

        var personas = new List<PersonaShare>();
        if (inputs.Personas is { } mix)
        {
            var totals = mix.Personas.Select((_, i) => mix.BySchool.Values.Sum(c => c[i])).ToArray();
            personas = totals.Sum() >= floors.Network ? Shares(mix, totals, floors) : [];
        }

        var notes = new List<string>
        {
            $"Numbers for groups of fewer than {floors.Network} people are not shown to protect privacy; such cells are blank.",
            $"Reliability (Cronbach's alpha) under {Reliability.Acceptable:0.00} is flagged: read those dimensions with care.",
            "ICC is the share of the differences between people that lies between schools; where it is not above zero, schools are not compared on that dimension.",
        };

        return new NetworkReport(inputs.Network.Name, RoundInfo.Of(inputs.Round), dimensions, rows, groups, inputs.ProfileNote, quality, rates, personas, notes, floors);
    }

    private static DimensionRow Row(ProfileInputs inputs, School school, string instrumentId, Dimension dimension, Scoring.DimensionStatistics? stats, List<string> notes)
    {
        var floors = inputs.Floors;
        if (stats is null || stats.N < floors.School || stats.Mean is null)
        {
            notes.Add($"A result is not shown when fewer than {floors.School} people have a score on it, to protect their privacy.");
            return Hidden(dimension, "Not shown to protect privacy");
        }

        var mean = stats.Mean.Value;
        var band = inputs.Framework.BandFor(mean);
        var (median, percentile, comparisonNote) = Comparison(inputs, school.Id, instrumentId, dimension.Id, mean);
        if (comparisonNote is not null)
        {
            notes.Add(comparisonNote);
        }

        double? change = LookupsFor(inputs).Previous(school.Id, instrumentId)?.Find(dimension.Id) is { } before && before.N >= floors.School && before.Mean is { } previous
            ? mean - previous
            : null;
        return new DimensionRow(dimension.Id, dimension.Name.In("en"), dimension.Kind, stats.N, mean, stats.StandardDeviation, stats.PercentFavorable,
            band.Id, band.Label.In("en"), median, percentile, change, false, null);
    }

    /// <summary>
    /// The network median of school means and this school's percentile rank among the other schools (ties count
    /// half), over schools with at least the network floor of respondents; none when fewer than three such schools,
    /// or when the schools do not differ on the dimension.
    /// </summary>
    private static (double? Median, double? Percentile, string? Note) Comparison(ProfileInputs inputs, string schoolId, string instrumentId, string dimensionId, double mean)
    {
        var lookups = LookupsFor(inputs);
        if (lookups.Differences(instrumentId, dimensionId) is { SchoolsDiffer: false })
        {
            return (null, null, "Where the schools of the network do not differ measurably on a dimension, no network comparison is shown.");
        }

        var eligible = lookups.Comparable(instrumentId, dimensionId);
        if (eligible.Means.Length < 3)
        {
            return (null, null, $"Network comparisons need at least three schools with {inputs.Floors.Network} or more respondents.");
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

    /// <summary>Staff minus students on the five principles, from shown numbers only; applies complementary suppression to student forms.</summary>
    private static List<GapRow> Gaps(ProfileInputs inputs, School school, List<InstrumentSection> sections, List<string> notes)
    {
        var floors = inputs.Floors;
        var staff = sections.FirstOrDefault(s => !s.Suppressed && s.Audience == Audience.Staff);
        var pooled = LookupsFor(inputs).Current(school.Id, RoundAggregates.Students);
        var formSections = sections.Where(s => s.Audience == Audience.Student).ToList();
        if (staff is null || pooled is null || pooled.Respondents < floors.School)
        {
            return [];
        }

        var gaps = new List<GapRow>();
        foreach (var principle in inputs.Framework.Dimensions.Where(d => d.Kind == DimensionKind.Principle))
        {
            var staffRow = staff.Dimensions.FirstOrDefault(d => d.DimensionId == principle.Id);
            var students = pooled.Find(principle.Id);
            var studentsShown = students is { Mean: not null } && students.N >= floors.School;
            if (studentsShown)
            {
                HideComplement(formSections, sections, principle.Id, notes);
            }

            if (staffRow is { Suppressed: false, Mean: { } staffMean } && studentsShown)
            {
                gaps.Add(new GapRow(principle.Id, principle.Name.In("en"), staffMean, students!.Mean, staffMean - students.Mean!.Value, false));
            }
            else
            {
                gaps.Add(new GapRow(principle.Id, principle.Name.In("en"), null, null, null, true));
            }
        }

        return gaps;
    }

    /// <summary>With the pooled student mean shown, one hidden form's mean could be derived from the other: hide both.</summary>
    private static void HideComplement(List<InstrumentSection> forms, List<InstrumentSection> sections, string dimensionId, List<string> notes)
    {
        if (forms.Count != 2)
        {
            return;
        }

        var rows = forms.Select(f => f.Suppressed ? null : f.Dimensions.FirstOrDefault(d => d.DimensionId == dimensionId)).ToList();
        var hidden = rows.Count(r => r is null || r.Suppressed);
        if (hidden != 1)
        {
            return;
        }

        var shownIndex = rows.FindIndex(r => r is { Suppressed: false });
        var form = forms[shownIndex];
        var replaced = form with
        {
            Dimensions = [.. form.Dimensions.Select(d => d.DimensionId == dimensionId ? Hidden(d, "Also hidden so the hidden group cannot be worked out") : d)],
        };
        sections[sections.IndexOf(form)] = replaced;
        forms[shownIndex] = replaced;
        notes.Add("Some student results are also hidden because, next to the all-students numbers, they would reveal a hidden group's result.");
    }

    private static DimensionRow Hidden(Dimension dimension, string note) =>
        new(dimension.Id, dimension.Name.In("en"), dimension.Kind, null, null, null, null, null, null, null, null, null, true, note);

    private static DimensionRow Hidden(DimensionRow row, string note) =>
        new(row.DimensionId, row.Name, row.Kind, null, null, null, null, null, null, null, null, null, true, note);

    private static FocusArea Focus(Framework framework, DimensionRow row, int steps) =>
        new(row.DimensionId, row.Name, row.Mean!.Value, row.BandLabel!, [.. framework.Practices.GetValueOrDefault(row.DimensionId, []).Take(steps)]);

    private static List<PersonaShare> PersonaMix(ProfileInputs inputs, School school, List<string> notes)
    {
        if (inputs.Personas is not { } mix || !mix.BySchool.TryGetValue(school.Id, out var counts))
        {
            return [];
        }

        if (counts.Sum() < inputs.Floors.School)
        {
            notes.Add($"The staff persona mix is shown only when at least {inputs.Floors.School} staff answered every readiness question.");
            return [];
        }

        var shares = Shares(mix, counts, inputs.Floors);
        if (shares.Any(s => s.Count is null))
        {
            notes.Add($"Persona groups of fewer than {inputs.Floors.SmallCell} people are shown only as 'fewer than {inputs.Floors.SmallCell}'.");
        }

        return shares;
    }

    /// <summary>Persona counts with small cells hidden; if only one is hidden, the smallest shown one goes too, since the total is known.</summary>
    private static List<PersonaShare> Shares(PersonaCounts mix, int[] counts, PrivacyFloors floors)
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

        return [.. counts.Select((count, i) => hidden[i]
            ? new PersonaShare(mix.Personas[i], mix.Descriptions[i], null, null, count < floors.SmallCell ? $"fewer than {floors.SmallCell}" : "not shown")
            : new PersonaShare(mix.Personas[i], mix.Descriptions[i], count, (double)count / total, $"{count} ({100.0 * count / total:0}%)"))];
    }

    private static List<CommentGroup> Comments(ProfileInputs inputs, School school, List<string> notes)
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
                    notes.Add($"Written comments are shared only when at least {inputs.Floors.OpenText} people answered.");
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
                    groups.Add(new CommentGroup(prompt.Id, prompt.Text.In("en"), comments));
                }
            }
        }

        return groups;
    }

    private static List<ResponseRateRow> RatesFor(ProfileInputs inputs, string schoolId) =>
        [.. LookupsFor(inputs).Progress(schoolId).Select(p => Rate(inputs, p))];

    private static ResponseRateRow Rate(ProfileInputs inputs, InstrumentProgress progress) =>
        new(progress.InstrumentId, inputs.Instruments.FirstOrDefault(i => i.Id == progress.InstrumentId)?.Title.In("en") ?? progress.InstrumentId,
            progress.Mode.ToString().ToLowerInvariant(), progress.Invited, progress.Responded, progress.ResponseRate);

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

        public SchoolDifferences? Differences(string instrumentId, string dimensionId) => _differences.GetValueOrDefault((instrumentId, dimensionId));

        public ComparableMeans Comparable(string instrumentId, string dimensionId) =>
            _comparable.GetValueOrDefault((instrumentId, dimensionId)) ?? new ComparableMeans([], [], double.NaN);

        public List<string> Comments(string schoolId, string instrumentId, string promptId) =>
            _comments.GetValueOrDefault((schoolId, instrumentId, promptId)) ?? [];

        public IEnumerable<InstrumentProgress> Progress(string schoolId) => _progress[schoolId];
    }
}
