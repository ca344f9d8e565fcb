using System.Globalization;
using ScottPlot;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// Favorable, neutral and unfavorable answers per dimension as horizontal 100% bars, favorable first from the left so
/// the headline metric (percent favorable) reads off one shared starting line.
/// </summary>
/// <remarks>
/// A dimension that is not shown gets no bar at all, only a note where the bar would be: a grey bar would read as
/// "all neutral", since neutral is grey.
/// </remarks>
public static class StackedBarChart
{
    public const int Width = 640;

    internal const double BarLeft = Margin + LabelWidth + 12;

    // A margin's width is left after the bars for the "100%" tick label, which is centred on their end.
    internal const double BarWidth = Width - (2 * Margin) - BarLeft;
    internal const double BarHeight = 22;
    internal const double RowHeight = 32;
    internal const double BarsTop = 104;

    private const double Margin = 16;
    private const float LabelWidth = 170;
    private const double AxisHeight = 36;

    // Narrower than this, a segment's percentage would not fit inside it and is left out; the bar's others still add up.
    private const double MinimumLabelledSegment = 34;

    private static readonly TextStyle TitleStyle = new(18, ChartPalette.Text, Bold: true);
    private static readonly TextStyle SubtitleStyle = new(13, ChartPalette.SecondaryText);
    private static readonly TextStyle LabelStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle LegendStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle NotShownStyle = new(13, ChartPalette.SecondaryText);
    private static readonly TextStyle TickStyle = new(ChartCanvas.MinimumTextSize, ChartPalette.SecondaryText);

    /// <summary>The height of the PNG for <paramref name="barCount"/> bars.</summary>
    public static int HeightFor(int barCount) => (int)(BarsTop + (barCount * RowHeight) + AxisHeight);

    /// <summary>The chart as a PNG, <see cref="Width"/> wide and <see cref="HeightFor"/> its bars high.</summary>
    /// <exception cref="ArgumentException">No bars, or shares that are negative or do not add up to about 100.</exception>
    public static byte[] Render(StackedBarData data) => Draw(data).ToPng();

    /// <summary>The same chart as an inline <c>&lt;svg&gt;</c> for a report page (see <see cref="ChartCanvas.ToSvg"/>).</summary>
    public static string Svg(StackedBarData data, string label, string id) => Draw(data).ToSvg(label, id);

    private static ChartCanvas Draw(StackedBarData data)
    {
        Validate(data);
        var canvas = new ChartCanvas(Width, HeightFor(data.Bars.Count));
        DrawHeading(canvas, data);

        for (var i = 0; i < data.Bars.Count; i++)
        {
            var bar = data.Bars[i];
            var top = BarsTop + (i * RowHeight);
            var middle = top + (BarHeight / 2);
            canvas.Text(ChartCanvas.FitEnd(bar.Label, LabelWidth, LabelStyle), Margin, middle, LabelStyle, Alignment.MiddleLeft);
            if (bar.Shares is not { } shares)
            {
                canvas.Text("– " + data.NotShownLabel, BarLeft, middle, NotShownStyle, Alignment.MiddleLeft);
                continue;
            }

            var total = shares.Favorable + shares.Neutral + shares.Unfavorable;
            var left = BarLeft;
            foreach (var (percent, color) in new[]
            {
                (shares.Favorable, ChartPalette.Favorable),
                (shares.Neutral, ChartPalette.Neutral),
                (shares.Unfavorable, ChartPalette.Unfavorable),
            })
            {
                var width = BarWidth * percent / total;
                canvas.Rectangle(left, top, width, BarHeight, color);
                if (width >= MinimumLabelledSegment)
                {
                    var text = Math.Round(percent, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
                    canvas.Text(text, left + (width / 2), middle, new TextStyle(ChartCanvas.MinimumTextSize, ChartPalette.TextOn(color), Bold: true), Alignment.MiddleCenter);
                }

                left += width;
            }
        }

        var axisTop = BarsTop + (data.Bars.Count * RowHeight);
        canvas.Line([new(BarLeft, axisTop - 4), new(BarLeft + BarWidth, axisTop - 4)], ChartPalette.GridStrong, 1);
        for (var tick = 0; tick <= 100; tick += 25)
        {
            var x = BarLeft + (BarWidth * tick / 100);
            canvas.Line([new(x, axisTop - 4), new(x, axisTop)], ChartPalette.GridStrong, 1);
            canvas.Text(tick.ToString(CultureInfo.InvariantCulture) + "%", x, axisTop + 2, TickStyle, Alignment.UpperCenter);
        }

        return canvas;
    }

    private static void Validate(StackedBarData data)
    {
        if (data.Bars.Count == 0)
        {
            throw new ArgumentException("A stacked bar chart needs at least one bar.", nameof(data));
        }

        foreach (var bar in data.Bars)
        {
            if (bar.Shares is not { } s)
            {
                continue;
            }

            var parts = new[] { s.Favorable, s.Neutral, s.Unfavorable };
            var total = parts.Sum();
            if (parts.Any(p => !(p >= 0 && p <= 100)) || !(total >= 99 && total <= 101))
            {
                throw new ArgumentOutOfRangeException(nameof(data), total,
                    $"{bar.Label}: shares must each be 0-100 and add up to 100 (99-101 for rounding); they are {s.Favorable}, {s.Neutral}, {s.Unfavorable}.");
            }
        }
    }

    private static void DrawHeading(ChartCanvas canvas, StackedBarData data)
    {
        var headingWidth = (float)(Width - (2 * Margin));
        canvas.Text(ChartCanvas.FitEnd(data.Title, headingWidth, TitleStyle), Margin, 14, TitleStyle, Alignment.UpperLeft);
        if (data.Subtitle is { } subtitle)
        {
            canvas.Text(ChartCanvas.FitEnd(subtitle, headingWidth, SubtitleStyle), Margin, 40, SubtitleStyle, Alignment.UpperLeft);
        }

        // The legend runs in the bars' order, starting where the bars start.
        const double legendY = 76;
        const double swatch = 14;
        var left = BarLeft;
        foreach (var (label, color) in new[]
        {
            (data.FavorableLabel, ChartPalette.Favorable),
            (data.NeutralLabel, ChartPalette.Neutral),
            (data.UnfavorableLabel, ChartPalette.Unfavorable),
        })
        {
            canvas.Rectangle(left, legendY - (swatch / 2), swatch, swatch, color);
            var text = ChartCanvas.FitEnd(label, 110, LegendStyle);
            canvas.Text(text, left + swatch + 6, legendY, LegendStyle, Alignment.MiddleLeft);
            left += swatch + 6 + ChartCanvas.MeasureWidth(text, LegendStyle) + 22;
        }
    }
}
