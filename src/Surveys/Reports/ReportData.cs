using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Privacy;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>The round facts a report shows; its state and timestamps stay out, so a rebuilt report is byte-identical.</summary>
public sealed record RoundInfo(string Id, string NetworkId, string Name, DateTimeOffset OpensAt, DateTimeOffset ClosesAt)
{
    public static RoundInfo Of(Round round) => new(round.Id, round.NetworkId, round.Name, round.OpensAt, round.ClosesAt);
}

/// <summary>A school's readiness profile: a cluster's name and meaning, or (too few schools to cluster) its overall band.</summary>
public sealed record ProfileAssignment(string Name, string Meaning, bool FromClusters);

/// <summary>How a school's staff spread over the network's personas, as counts per persona (in persona order).</summary>
public sealed record PersonaCounts(IReadOnlyList<string> Personas, IReadOnlyList<string> Descriptions, IReadOnlyDictionary<string, int[]> BySchool);

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
    string? Note);

/// <summary>A school's results on one instrument (or its students pooled across forms).</summary>
public sealed record InstrumentSection(string InstrumentId, string Title, Audience Audience, string? GradeBand, int? Respondents, bool Suppressed, IReadOnlyList<DimensionRow> Dimensions);

/// <summary>Staff versus students on one principle: positive gap = staff see it more than students do.</summary>
public sealed record GapRow(string DimensionId, string Name, double? Staff, double? Students, double? Gap, bool Suppressed);

/// <summary>A strength or growth area with concrete next steps from the framework's practices.</summary>
public sealed record FocusArea(string DimensionId, string Name, double Mean, string BandLabel, IReadOnlyList<Practice> NextSteps);

/// <summary>One persona's share of a school's staff; <see cref="Count"/> is null when the cell is too small to show.</summary>
public sealed record PersonaShare(string Persona, string Description, int? Count, double? Share, string Display);

public sealed record CommentGroup(string PromptId, string Prompt, IReadOnlyList<string> Comments);

public sealed record ResponseRateRow(string InstrumentId, string Title, string Mode, int? Invited, int Responded, double? Rate);

/// <summary>Everything a school's design team report shows, already suppressed; templates only format it.</summary>
public sealed record SchoolReport(
    string NetworkName,
    RoundInfo Round,
    School School,
    ProfileAssignment Profile,
    IReadOnlyList<InstrumentSection> Instruments,
    IReadOnlyList<GapRow> Gaps,
    IReadOnlyList<FocusArea> Strengths,
    IReadOnlyList<FocusArea> GrowthAreas,
    IReadOnlyList<PersonaShare> PersonaMix,
    IReadOnlyList<CommentGroup> Comments,
    IReadOnlyList<ResponseRateRow> ResponseRates,
    IReadOnlyList<string> PrivacyNotes,
    PrivacyFloors Floors);

/// <summary>A school's line in the network summary; only numbers above the network floor.</summary>
public sealed record NetworkSchoolRow(string SchoolId, string SchoolName, string Profile, IReadOnlyDictionary<string, int?> Respondents, IReadOnlyList<double?> StaffMeans);

public sealed record ProfileGroup(string Name, string Meaning, IReadOnlyList<string> Schools);

/// <summary>A school's (or the whole network's) response rate on one instrument.</summary>
public sealed record NetworkRateRow(string School, ResponseRateRow Rate);

/// <summary>Reliability and school differences of one dimension of one instrument.</summary>
public sealed record QualityRow(string InstrumentId, string DimensionId, string DimensionName, double? Alpha, int CompleteRespondents, bool Flagged, double? Icc, bool SchoolsDiffer);

/// <summary>The coaches' network summary, already suppressed at the network floor.</summary>
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
    PrivacyFloors Floors);
