namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// What the stacked bar chart shows: per dimension, the share of answers that were favorable (4 or 5 after
/// reverse-coding), neutral (3) and unfavorable (1 or 2). The words are data so a report in another language passes its own.
/// </summary>
/// <param name="Title">The chart's heading.</param>
/// <param name="Subtitle">A second heading line (instrument and round), or null for none.</param>
/// <param name="Bars">One bar per dimension, top to bottom.</param>
/// <param name="NotShownLabel">Written in place of a bar that is not shown.</param>
public sealed record StackedBarData(
    string Title,
    string? Subtitle,
    IReadOnlyList<StackedBar> Bars,
    string FavorableLabel = "Favorable",
    string NeutralLabel = "Neutral",
    string UnfavorableLabel = "Unfavorable",
    string NotShownLabel = "Not shown to protect privacy");

/// <summary>One dimension's bar. Null shares draw no bar, only <see cref="StackedBarData.NotShownLabel"/>.</summary>
/// <param name="Label">The dimension's short name.</param>
/// <param name="Shares">The three percentages, or null when the dimension is not shown.</param>
public sealed record StackedBar(string Label, AnswerShares? Shares);

/// <summary>
/// Percentages of answers, each 0-100, adding up to 100 give or take rounding (99-101 is accepted; the bar is drawn
/// to full width in proportion).
/// </summary>
public sealed record AnswerShares(double Favorable, double Neutral, double Unfavorable);
