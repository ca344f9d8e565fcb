using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Privacy;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>The round facts a report shows; its state and timestamps stay out, so a rebuilt report is byte-identical.</summary>
public sealed record RoundInfo(string Id, string NetworkId, string Name, DateTimeOffset OpensAt, DateTimeOffset ClosesAt)
{
    public static RoundInfo Of(Round round) => new(round.Id, round.NetworkId, round.Name, round.OpensAt, round.ClosesAt);
}

/// <summary>A school's readiness profile: a cluster's name and meaning, or (too few schools to cluster) its overall band.</summary>
public sealed record ProfileAssignment(string Name, string Meaning, bool FromClusters)
{
    /// <summary>Name and meaning in each report language; <see cref="Name"/> and <see cref="Meaning"/> are the English.</summary>
    public IReadOnlyDictionary<string, ProfileText> Texts { get; init; } = new Dictionary<string, ProfileText>();

    public ProfileText In(string language) => Texts.GetValueOrDefault(language) ?? new ProfileText(Name, Meaning);
}

/// <summary>A profile's name and meaning in one language.</summary>
public sealed record ProfileText(string Name, string Meaning);

/// <summary>
/// The network's staff personas (their centroids over <see cref="Features"/>, see <see cref="PersonaNames"/>) and how
/// many of each school's staff fall in each.
/// </summary>
public sealed record PersonaCounts(IReadOnlyList<string> Features, IReadOnlyList<double[]> Centroids, IReadOnlyDictionary<string, int[]> BySchool);

/// <summary>One dimension of one group in a report; every number is null when <see cref="Suppressed"/>.</summary>
public sealed record DimensionRow(
    string DimensionId,
    string Name,
    DimensionKind Kind,
    int? N,
    double? Mean,
    double? StandardDeviation,
    double? PercentFavorable,
    string? BandId,
    string? BandLabel,
    double? NetworkMedian,
    double? Percentile,
    double? Change,
    bool Suppressed,
    string? Note)
{
    /// <summary>The 95% margin of error of <see cref="Change"/> (see <see cref="TrendLine"/>); null without a change.</summary>
    public double? ChangeMargin { get; init; }

    /// <summary>Whether <see cref="Change"/> is larger than its margin of error, so it is reported as a change.</summary>
    public bool Changed { get; init; }
}

/// <summary>A school's results on one instrument.</summary>
public sealed record InstrumentSection(string InstrumentId, string Title, Audience Audience, string? GradeBand, int? Respondents, bool Suppressed, IReadOnlyList<DimensionRow> Dimensions);

/// <summary>A strength or growth area with concrete next steps from the framework's practices, staged by its band.</summary>
public sealed record FocusArea(string DimensionId, string Name, double Mean, string BandLabel, IReadOnlyList<NextStep> NextSteps);

/// <summary>A practice as a next step, in the report's language: who usually owns it, a first step for the next 30 days, the evidence of progress.</summary>
public sealed record NextStep(string PracticeId, string Title, string Description, string? Owner, string? FirstStep, string? Evidence);

/// <summary>
/// How far practice has come (the mean of the staff's framework dimension means, and its band) next to how ready
/// staff are to go further (the readiness scales), with one sentence reading the two together.
/// </summary>
public sealed record ReadinessSummary(double? Practice, string? PracticeBand, IReadOnlyList<DimensionRow> Readiness, string Reading);

/// <summary>
/// Staff against the students of one form on the principles both are asked about with parallel items: percent
/// favorable over the paired items only, never pooled across forms.
/// </summary>
public sealed record ParallelComparison(string InstrumentId, string Title, IReadOnlyList<ParallelRow> Rows, IReadOnlyList<string> Pairs);

/// <summary>One principle of a <see cref="ParallelComparison"/>; positive gap = staff more favorable than students.</summary>
public sealed record ParallelRow(string DimensionId, string Name, int PairCount, double? Staff, double? Students, double? Gap, bool Suppressed);

/// <summary>
/// One item's answers in a school: favorable, neutral and unfavorable as shares of the answers on the scale, "don't
/// know" as a share of everyone who answered the item (both in percent); nothing shown under the school floor.
/// </summary>
public sealed record ItemRow(string ItemId, string Dimension, string Text, int? Answered, double? Favorable, double? Neutral, double? Unfavorable, double? DontKnow, bool Suppressed);

public sealed record ItemSection(string InstrumentId, string Title, IReadOnlyList<ItemRow> Items);

/// <summary>A school's staff by role group (columns), one row per dimension; null where a cell is hidden.</summary>
public sealed record SubgroupTable(string InstrumentId, string Title, IReadOnlyList<string> Groups, IReadOnlyList<int?> Counts, IReadOnlyList<SubgroupRow> Rows);

public sealed record SubgroupRow(string DimensionId, string Name, IReadOnlyList<double?> Means);

/// <summary>
/// A school's staff means over its profiled rounds (oldest first). A change from the previous round is marked as a
/// change only when it is larger than its margin of error (see <see cref="TrendLine.Margin"/>).
/// </summary>
public sealed record SchoolTrend(IReadOnlyList<string> Rounds, IReadOnlyList<TrendLine> Lines);

/// <summary>
/// One dimension's means by round; <see cref="Change"/> since the previous round, its 95% margin of error
/// 1.96 x sqrt(sd1^2 / n1 + sd2^2 / n2), and whether the change exceeds it.
/// </summary>
public sealed record TrendLine(string DimensionId, string Name, IReadOnlyList<double?> Means, double? Change, double? Margin, bool Changed);

/// <summary>One persona's share of a school's staff; <see cref="Count"/> is null when the cell is too small to show.</summary>
public sealed record PersonaShare(string Persona, string Description, int? Count, double? Share, string Display);

public sealed record CommentGroup(string PromptId, string Prompt, IReadOnlyList<string> Comments);

/// <summary>One instrument's response rate; in the network summary, answered and rate are null for a school whose answers are under the network floor.</summary>
public sealed record ResponseRateRow(string InstrumentId, string Title, string Mode, int? Invited, int? Responded, double? Rate);

/// <summary>Everything a school's design team report shows, already suppressed; templates only format it.</summary>
public sealed record SchoolReport(
    string NetworkName,
    RoundInfo Round,
    School School,
    ProfileAssignment Profile,
    IReadOnlyList<InstrumentSection> Instruments,
    IReadOnlyList<FocusArea> Strengths,
    IReadOnlyList<FocusArea> GrowthAreas,
    IReadOnlyList<PersonaShare> PersonaMix,
    IReadOnlyList<CommentGroup> Comments,
    IReadOnlyList<ResponseRateRow> ResponseRates,
    IReadOnlyList<string> PrivacyNotes,
    PrivacyFloors Floors)
{
    /// <summary>The language the report is written in (the school's report language).</summary>
    public string Language { get; init; } = LocalizedText.DefaultLanguage;

    public ReadinessSummary? Readiness { get; init; }

    public IReadOnlyList<ParallelComparison> Comparisons { get; init; } = [];

    public IReadOnlyList<ItemSection> ItemResults { get; init; } = [];

    public IReadOnlyList<SubgroupTable> Subgroups { get; init; } = [];

    public SchoolTrend? Trend { get; init; }
}

/// <summary>A school's line in the network summary; only numbers above the network floor.</summary>
public sealed record NetworkSchoolRow(string SchoolId, string SchoolName, string Profile, IReadOnlyDictionary<string, int?> Respondents, IReadOnlyList<double?> StaffMeans);

public sealed record ProfileGroup(string Name, string Meaning, IReadOnlyList<string> Schools);

/// <summary>A school's (or the whole network's) response rate on one instrument.</summary>
public sealed record NetworkRateRow(string School, ResponseRateRow Rate);

/// <summary>Reliability and school differences of one dimension of one instrument.</summary>
public sealed record QualityRow(string InstrumentId, string DimensionId, string DimensionName, double? Alpha, int CompleteRespondents, bool Flagged, double? Icc, bool SchoolsDiffer);

/// <summary>The coaches' network summary, already suppressed at the network floor, its words in <see cref="Language"/>.</summary>
public sealed record NetworkReport(
    string NetworkName,
    RoundInfo Round,
    IReadOnlyList<Dimension> StaffDimensions,
    IReadOnlyList<NetworkSchoolRow> Schools,
    IReadOnlyList<ProfileGroup> Profiles,
    string ProfileNote,
    IReadOnlyList<QualityRow> Quality,
    IReadOnlyList<NetworkRateRow> ResponseRates,
    IReadOnlyList<PersonaShare> Personas,
    IReadOnlyList<string> PrivacyNotes,
    PrivacyFloors Floors)
{
    public string Language { get; init; } = LocalizedText.DefaultLanguage;
}

/// <summary>
/// A sentence of a report kept as its key in the report words and its values, so it can be written in any report
/// language when the report is built.
/// </summary>
public sealed record ReportNote(string Key, params (string Name, object Value)[] Values)
{
    public string In(ReportText words, string language) => words.Format(language, Key, Values);
}
