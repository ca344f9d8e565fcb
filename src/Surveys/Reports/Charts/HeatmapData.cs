namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// What the network heatmap shows: each school's mean on each dimension, on the 1-5 scale. The words are data so a
/// report in another language passes its own.
/// </summary>
/// <param name="Title">The chart's heading, for example the network's name.</param>
/// <param name="Subtitle">A second heading line (instrument and round), or null for none.</param>
/// <param name="Columns">The dimensions' short names, left to right.</param>
/// <param name="Rows">One row per school, top to bottom, each with one value per column.</param>
/// <param name="ScaleLabel">The caption of the colour bar.</param>
/// <param name="NotShownNote">The legend entry for a hatched cell.</param>
public sealed record HeatmapData(
    string Title,
    string? Subtitle,
    IReadOnlyList<string> Columns,
    IReadOnlyList<HeatmapRow> Rows,
    string ScaleLabel = "Mean, 1 to 5",
    string NotShownNote = "Not shown to protect privacy");

/// <summary>One school's row of a heatmap. A null value is a hatched grey cell: suppressed for privacy, or no data.</summary>
/// <param name="Label">The school's name; a long one is shortened in the middle to fit.</param>
/// <param name="Values">The school's means, one per column, in column order.</param>
public sealed record HeatmapRow(string Label, IReadOnlyList<double?> Values);
