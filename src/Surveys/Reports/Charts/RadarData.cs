namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// What a school's radar chart shows: its dimension means against the network median, both on the 1-5 scale. The
/// words are data so a report in another language passes its own.
/// </summary>
/// <param name="Title">The chart's heading, for example the school's name.</param>
/// <param name="Subtitle">A second heading line (instrument and round), or null for none.</param>
/// <param name="Axes">One spoke per dimension, clockwise from the top, in the framework's order.</param>
/// <param name="SchoolLabel">The legend entry for the school's filled polygon.</param>
/// <param name="NetworkLabel">The legend entry for the network median's outline.</param>
/// <param name="NotShownLabel">Written under a dimension whose school value is not shown.</param>
/// <param name="NotShownNote">Explains <paramref name="NotShownLabel"/> under the legend, when any value is missing.</param>
public sealed record RadarData(
    string Title,
    string? Subtitle,
    IReadOnlyList<RadarAxis> Axes,
    string SchoolLabel = "This school",
    string NetworkLabel = "Network median",
    string NotShownLabel = "(not shown)",
    string NotShownNote = "(not shown): too few answers to report, or no data yet");

/// <summary>
/// One dimension of a radar chart. A null value is not drawn: suppressed for privacy, or no data.
/// </summary>
/// <param name="Label">The dimension's short name.</param>
/// <param name="School">The school's mean on the 1-5 scale, or null when it is not shown.</param>
/// <param name="NetworkMedian">The median of the network's school means, or null when it is not shown.</param>
public sealed record RadarAxis(string Label, double? School, double? NetworkMedian);
