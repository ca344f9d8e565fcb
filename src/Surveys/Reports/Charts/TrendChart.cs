using System.Globalization;
using ScottPlot;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// What the trend chart shows: one small line chart per dimension of a school's means over its rounds (1-5 scale).
/// The words are data so a report in another language passes its own.
/// </summary>
/// <param name="Title">The chart's heading.</param>
/// <param name="Rounds">The rounds' names, oldest first (the x axis of every panel).</param>
/// <param name="Series">One panel per dimension.</param>
/// <param name="ChangedLabel">The legend's words for a change larger than its margin of error (the last segment drawn bold, in the school colour).</param>
/// <param name="WithinMarginLabel">The legend's words for a change within the margin of error (drawn grey).</param>
public sealed record TrendChartData(string Title, IReadOnlyList<string> Rounds, IReadOnlyList<TrendSeries> Series, string ChangedLabel, string WithinMarginLabel);

/// <summary>One dimension's means by round (null: not shown), and whether its latest change exceeds the margin of error.</summary>
public sealed record TrendSeries(string Label, IReadOnlyList<double?> Means, bool Changed);

/// <summary>
/// Small multiples rather than one chart of many lines: a dozen lines on one plot cannot be told apart, and only two
/// colours stay apart for every kind of colour blindness. A panel's y axis always runs 1-5, so panels compare.
/// </summary>
public static class TrendChart
{
    public const int Width = 800;
    private const int Columns = 4;
    private const double Margin = 16;
    private const double PanelWidth = (Width - (2 * Margin)) / Columns;
    private const double PanelHeight = 130;
    private const double PanelsTop = 74;

    private static readonly TextStyle TitleStyle = new(18, ChartPalette.Text, Bold: true);
    private static readonly TextStyle PanelStyle = new(13, ChartPalette.Text, Bold: true);
    private static readonly TextStyle ValueStyle = new(ChartCanvas.MinimumTextSize, ChartPalette.Text);
    private static readonly TextStyle LegendStyle = new(13, ChartPalette.SecondaryText);

    public static int HeightFor(int series) => (int)(PanelsTop + (Math.Ceiling(series / (double)Columns) * PanelHeight) + Margin);

    /// <exception cref="ArgumentException">Fewer than two rounds, no series, a series of the wrong length, or a mean outside 1-5.</exception>
    public static byte[] Render(TrendChartData data) => Draw(data).ToPng();

    /// <summary>The same chart as an inline <c>&lt;svg&gt;</c> for a report page (see <see cref="ChartCanvas.ToSvg"/>).</summary>
    public static string Svg(TrendChartData data, string label, string id) => Draw(data).ToSvg(label, id);

    private static ChartCanvas Draw(TrendChartData data)
    {
        if (data.Rounds.Count < 2 || data.Series.Count == 0 || data.Series.Any(s => s.Means.Count != data.Rounds.Count || s.Means.Any(m => m is < 1 or > 5)))
        {
            throw new ArgumentException("A trend chart needs two or more rounds and, per series, one mean (1-5 or null) per round.", nameof(data));
        }

        var canvas = new ChartCanvas(Width, HeightFor(data.Series.Count));
        canvas.Text(ChartCanvas.FitEnd(data.Title, (float)(Width - (2 * Margin)), TitleStyle), Margin, 14, TitleStyle, Alignment.UpperLeft);
        canvas.Line([new(Margin, 52), new(Margin + 24, 52)], ChartPalette.School, 3);
        canvas.Text(data.ChangedLabel, Margin + 30, 52, LegendStyle, Alignment.MiddleLeft);
        var second = Margin + 60 + ChartCanvas.MeasureWidth(data.ChangedLabel, LegendStyle);
        canvas.Line([new(second, 52), new(second + 24, 52)], ChartPalette.GridStrong, 2);
        canvas.Text(data.WithinMarginLabel, second + 30, 52, LegendStyle, Alignment.MiddleLeft);

        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var left = Margin + (s % Columns * PanelWidth);
            var top = PanelsTop + (s / Columns * PanelHeight);
            canvas.Text(ChartCanvas.FitEnd(series.Label, (float)PanelWidth - 8, PanelStyle), left, top, PanelStyle, Alignment.UpperLeft);
            var (plotLeft, plotRight, plotTop, plotBottom) = (left + 14, left + PanelWidth - 22, top + 36, top + PanelHeight - 22);
            canvas.Rectangle(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop, Color.FromHex("#F5F7FA"));
            Coordinates Point(int round, double mean) => new(
                plotLeft + ((plotRight - plotLeft) * round / (data.Rounds.Count - 1)),
                plotBottom - ((plotBottom - plotTop) * (mean - 1) / 4));

            for (var r = 1; r < data.Rounds.Count; r++)
            {
                if (series.Means[r - 1] is { } from && series.Means[r] is { } to)
                {
                    var latest = r == data.Rounds.Count - 1;
                    var color = latest && series.Changed ? ChartPalette.School : ChartPalette.GridStrong;
                    canvas.Line([Point(r - 1, from), Point(r, to)], color, latest && series.Changed ? 3 : 2);
                }
            }

            for (var r = 0; r < data.Rounds.Count; r++)
            {
                if (series.Means[r] is { } mean)
                {
                    canvas.Markers([Point(r, mean)], MarkerShape.FilledCircle, 6, r == data.Rounds.Count - 1 && series.Changed ? ChartPalette.School : ChartPalette.SecondaryText);
                    canvas.Text(mean.ToString("0.0", CultureInfo.InvariantCulture), Point(r, mean).X, Point(r, mean).Y - 6, ValueStyle, Alignment.LowerCenter);
                }
            }
        }

        return canvas;
    }
}
