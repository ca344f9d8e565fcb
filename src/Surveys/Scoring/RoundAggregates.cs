using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Scoring;

/// <summary>A round's aggregates as kept for later rounds (change since last round, trends, stable profiles); no answers, no comments.</summary>
public sealed record TrendData(string RoundId, DateTimeOffset OpensAt, IReadOnlyList<GroupAggregate> Groups)
{
    /// <summary>The round's name, for trend charts (absent in files written before it was kept: the id is shown instead).</summary>
    public string? Name { get; init; }
}

/// <summary>One group's statistics: a school's respondents to one instrument (or, with a <see cref="Role"/>, one staff role group of them).</summary>
public sealed record GroupAggregate(string SchoolId, string InstrumentId, int Respondents, IReadOnlyList<DimensionStatistics> Dimensions)
{
    /// <summary>The staff role group of a subgroup (see <c>RoleGroups</c>); null for a whole school's group.</summary>
    public string? Role { get; init; }

    /// <summary>How the group answered each item (none for role groups).</summary>
    public IReadOnlyList<ItemCounts> Items { get; init; } = [];

    public DimensionStatistics? Find(string dimensionId) => Dimensions.FirstOrDefault(d => d.DimensionId == dimensionId);

    public ItemCounts? FindItem(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);
}

/// <summary>
/// How often one item was answered favorably (top two options after reverse-coding), neutrally (the middle options),
/// unfavorably (the bottom two), or "don't know".
/// </summary>
public sealed record ItemCounts(string ItemId, int Favorable, int Neutral, int Unfavorable, int DontKnow)
{
    /// <summary>Answers on the item's scale (without "don't know").</summary>
    public int Scaled => Favorable + Neutral + Unfavorable;
}

/// <summary>Cronbach's alpha of one dimension of one instrument over the whole round; under .70 is flagged.</summary>
public sealed record Reliability(string InstrumentId, string DimensionId, double? Alpha, int CompleteRespondents)
{
    public const double Acceptable = 0.70;

    public bool Flagged => Alpha is < Acceptable;
}

/// <summary>
/// ICC(1) of one dimension of one instrument across the network's schools (one-way random-effects ANOVA):
/// the share of the variance in respondents' scores that lies between schools. When it is not above zero the schools
/// do not differ measurably, and school-to-school comparisons on that dimension are not made.
/// </summary>
public sealed record SchoolDifferences(string InstrumentId, string DimensionId, double? Icc, int Schools, int Respondents)
{
    public bool SchoolsDiffer => Icc is > 0;
}

/// <summary>
/// A staff respondent's persona features (<see cref="RoundAggregates.StaffVectorDimensions"/>, all present): how far
/// practice has come (the mean of the framework dimensions) and each readiness scale the instrument has.
/// </summary>
public sealed record RespondentVector(string SchoolId, double[] Values);

/// <summary>Everything a round's responses add up to, before suppression.</summary>
public sealed record RoundAggregates(
    IReadOnlyList<GroupAggregate> Groups,
    IReadOnlyList<Reliability> Reliability,
    IReadOnlyList<SchoolDifferences> Differences,
    IReadOnlyList<string> StaffVectorDimensions,
    IReadOnlyList<RespondentVector> StaffVectors,
    IReadOnlyList<SchoolComment> Comments,
    int Responses)
{
    /// <summary>The persona feature for how far practice has come: the mean of a respondent's framework dimension scores.</summary>
    public const string Practice = "practice";

    /// <summary>The staff scales that say how ready staff are to go further, in the order personas use them.</summary>
    public static readonly IReadOnlyList<string> ReadinessScales = ["desire-to-change", "capacity", "shared-vision"];

    /// <summary>Staff groups by school, instrument and stored role group.</summary>
    public IReadOnlyList<GroupAggregate> Subgroups { get; init; } = [];

    public GroupAggregate? Find(string schoolId, string instrumentId) =>
        Groups.FirstOrDefault(g => g.SchoolId == schoolId && g.InstrumentId == instrumentId);
}

/// <summary>One open-text answer and the school and prompt it belongs to.</summary>
public sealed record SchoolComment(string SchoolId, string InstrumentId, string PromptId, string Text);

/// <summary>
/// Streams a round's scored responses into <see cref="RoundAggregates"/>. Memory grows with schools (and with staff
/// respondents, whose ten scores are kept for personas), not with student responses.
/// </summary>
public sealed class RoundAggregator(Func<string, int, Instrument?> instruments, ScoringPlans plans)
{
    private readonly Dictionary<(string School, string Instrument), GroupAccumulator> _groups = [];
    private readonly Dictionary<(string School, string Instrument), int[]> _items = [];
    private readonly Dictionary<(string School, string Instrument, string Role), GroupAccumulator> _roles = [];
    private readonly Dictionary<string, int[]> _readinessScales = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ScoringPlan Plan, AlphaAccumulator Alpha, int[] FrameworkDimensions)> _instruments = [];
    private readonly List<RespondentVector> _staffVectors = [];
    private readonly List<SchoolComment> _comments = [];
    private IReadOnlyList<string>? _staffDimensions;
    private DimensionScore[] _scratch = [];
    private int _responses;

    public void Add(StoredResponse response)
    {
        var (plan, alpha, frameworkDimensions) = PlanFor(response.InstrumentId, response.InstrumentVersion);
        if (_scratch.Length < plan.DimensionIds.Count)
        {
            _scratch = new DimensionScore[plan.DimensionIds.Count];
        }

        var scores = _scratch.AsSpan(0, plan.DimensionIds.Count);
        plan.Score(response.Answers, scores);
        alpha.Add(response.Answers);
        _responses++;

        var key = (response.SchoolId, response.InstrumentId);
        if (!_groups.TryGetValue(key, out var group))
        {
            _groups[key] = group = new GroupAccumulator(plan);
        }

        group.Add(scores);
        CountItems(key, plan, response.Answers);

        if (plan.Instrument.Audience == Audience.Staff)
        {
            AddStaffVector(response.SchoolId, plan, frameworkDimensions, scores);
            if (response.Role is { } role)
            {
                if (!_roles.TryGetValue((response.SchoolId, response.InstrumentId, role), out var subgroup))
                {
                    _roles[(response.SchoolId, response.InstrumentId, role)] = subgroup = new GroupAccumulator(plan);
                }

                subgroup.Add(scores);
            }
        }

        foreach (var (prompt, text) in response.OpenText)
        {
            _comments.Add(new SchoolComment(response.SchoolId, response.InstrumentId, prompt, text));
        }
    }

    public RoundAggregates Result()
    {
        var groups = _groups
            .OrderBy(g => g.Key.School, StringComparer.Ordinal).ThenBy(g => g.Key.Instrument, StringComparer.Ordinal)
            .Select(g => new GroupAggregate(g.Key.School, g.Key.Instrument, g.Value.Respondents, g.Value.Result()) { Items = ItemsOf(g.Key) })
            .ToList();

        var reliability = _instruments.OrderBy(i => i.Key, StringComparer.Ordinal)
            .SelectMany(i => i.Value.Alpha.Result().Select(r => new Reliability(i.Key, r.DimensionId, r.Alpha, r.N)))
            .ToList();
        var differences = _instruments.OrderBy(i => i.Key, StringComparer.Ordinal)
            .SelectMany(i => i.Value.Plan.DimensionIds.Select((dimension, d) => Icc(i.Key, dimension, d)))
            .ToList();

        var subgroups = _roles
            .OrderBy(g => g.Key.School, StringComparer.Ordinal).ThenBy(g => g.Key.Instrument, StringComparer.Ordinal).ThenBy(g => g.Key.Role, StringComparer.Ordinal)
            .Select(g => new GroupAggregate(g.Key.School, g.Key.Instrument, g.Value.Respondents, g.Value.Result()) { Role = g.Key.Role })
            .ToList();

        return new RoundAggregates(groups, reliability, differences, _staffDimensions ?? [], _staffVectors, _comments, _responses) { Subgroups = subgroups };
    }

    /// <summary>Counts each item's answers by raw value (0-15) for one group.</summary>
    private void CountItems((string School, string Instrument) key, ScoringPlan plan, byte[] answers)
    {
        if (!_items.TryGetValue(key, out var counts))
        {
            _items[key] = counts = new int[plan.ItemCount * 16];
        }

        for (var i = 0; i < answers.Length; i++)
        {
            counts[(i * 16) + answers[i]]++;
        }
    }

    private List<ItemCounts> ItemsOf((string School, string Instrument) key)
    {
        var plan = _instruments[key.Instrument].Plan;
        var counts = _items[key];
        return [.. plan.Instrument.Items.Select((item, i) =>
        {
            int favorable = 0, neutral = 0, unfavorable = 0;
            for (var value = item.Min; value <= item.Max; value++)
            {
                var n = counts[(i * 16) + value];
                var recoded = plan.Recode(i, (byte)value);
                if (recoded >= item.Max - 1)
                {
                    favorable += n;
                }
                else if (recoded <= item.Min + 1)
                {
                    unfavorable += n;
                }
                else
                {
                    neutral += n;
                }
            }

            return new ItemCounts(item.Id, favorable, neutral, unfavorable, counts[(i * 16) + Item.DontKnowCode]);
        })];
    }

    /// <summary>
    /// ICC(1) = (MSB - MSW) / (MSB + (n0 - 1) MSW), with MSB and MSW the between- and within-school mean squares and
    /// n0 = (N - sum of n_i^2 / N) / (k - 1) the adjusted average school size (unequal groups).
    /// </summary>
    private SchoolDifferences Icc(string instrumentId, string dimensionId, int dimension)
    {
        var schools = _groups.Where(g => g.Key.Instrument == instrumentId)
            .Select(g => g.Value.Dimension(dimension).Scores)
            .Where(m => m.Count > 0)
            .ToList();
        var k = schools.Count;
        var n = schools.Sum(m => m.Count);
        if (k < 2 || n <= k)
        {
            return new SchoolDifferences(instrumentId, dimensionId, null, k, n);
        }

        var grand = schools.Sum(m => m.Count * m.Mean!.Value) / n;
        var between = schools.Sum(m => m.Count * Math.Pow(m.Mean!.Value - grand, 2)) / (k - 1);
        var within = schools.Sum(m => m.SumOfSquares) / (n - k);
        var n0 = (n - (schools.Sum(m => (double)m.Count * m.Count) / n)) / (k - 1);
        var denominator = between + ((n0 - 1) * within);
        return new SchoolDifferences(instrumentId, dimensionId, denominator > 0 ? (between - within) / denominator : null, k, n);
    }

    /// <summary>
    /// Keeps a staff respondent's persona features: practice (the mean of the framework dimension scores; every one
    /// must be present) and each readiness scale of the instrument (each must be present).
    /// </summary>
    private void AddStaffVector(string schoolId, ScoringPlan plan, int[] frameworkDimensions, ReadOnlySpan<DimensionScore> scores)
    {
        if (!_readinessScales.TryGetValue(plan.Instrument.Key, out var readiness))
        {
            _readinessScales[plan.Instrument.Key] = readiness = [.. RoundAggregates.ReadinessScales.Select(id => plan.DimensionIds.ToList().IndexOf(id)).Where(d => d >= 0)];
        }

        _staffDimensions ??= [RoundAggregates.Practice, .. readiness.Select(d => plan.DimensionIds[d])];
        var practice = 0.0;
        foreach (var d in frameworkDimensions)
        {
            if (scores[d].Score is not { } score)
            {
                return;
            }

            practice += score / frameworkDimensions.Length;
        }

        var values = new double[1 + readiness.Length];
        values[0] = practice;
        for (var i = 0; i < readiness.Length; i++)
        {
            if (scores[readiness[i]].Score is not { } score)
            {
                return;
            }

            values[i + 1] = score;
        }

        _staffVectors.Add(new RespondentVector(schoolId, values));
    }

    private (ScoringPlan Plan, AlphaAccumulator Alpha, int[] FrameworkDimensions) PlanFor(string instrumentId, int version)
    {
        if (_instruments.TryGetValue(instrumentId, out var known))
        {
            return known.Plan.Instrument.Version == version
                ? known
                : throw new InvalidOperationException($"Round mixes versions {known.Plan.Instrument.Version} and {version} of '{instrumentId}'.");
        }

        var instrument = instruments(instrumentId, version) ?? throw new InvalidOperationException($"Instrument {instrumentId}@{version} is not in the catalog.");
        var plan = plans.For(instrument);
        var frameworkDimensions = plan.DimensionIds.Select((id, index) => (id, index))
            .Where(p => instrument.Dimensions.First(d => d.Id == p.id).Kind != DimensionKind.Scale)
            .Select(p => p.index)
            .ToArray();
        return _instruments[instrumentId] = (plan, new AlphaAccumulator(plan), frameworkDimensions);
    }
}
