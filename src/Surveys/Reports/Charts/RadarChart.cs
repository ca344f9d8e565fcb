using System.Globalization;
using ScottPlot;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// A school's readiness profile as a radar chart for the design team's email: one spoke per dimension on a fixed 1-5
/// scale, the school's means as a filled polygon and the network median as a dashed outline.
/// </summary>
/// <remarks>
/// A missing value is never drawn as a number. The polygon is cut at that spoke: the area on either side of it is
/// left unfilled down to the centre and the outline stops at the neighbouring vertices, so nothing suggests a value
/// there (joining the neighbours would cross the spoke at a made-up value; a point at the centre would read as the
/// lowest score). The spoke's label says "(not shown)" in place of the value, and a note under the legend says why.
/// </remarks>
public static class RadarChart
{
    public const int Width = 640;
    public const int Height = 560;

    internal const double CenterX = 320;
    internal const double CenterY = 297;
    internal const double Radius = 175;
    internal const double ScaleMin = 1;
    internal const double ScaleMax = 5;

    private const double LabelGap = 12;
    private const double LineHeight = 16;
    private const float LabelWidth = 128;
    private const double Margin = 16;

    private static readonly TextStyle TitleStyle = new(18, ChartPalette.Text, Bold: true);
    private static readonly TextStyle SubtitleStyle = new(13, ChartPalette.SecondaryText);
    private static readonly TextStyle AxisStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle ValueStyle = new(13, ChartPalette.School, Bold: true);
    private static readonly TextStyle NotShownStyle = new(ChartCanvas.MinimumTextSize, ChartPalette.SecondaryText);
    private static readonly TextStyle RingStyle = new(ChartCanvas.MinimumTextSize, ChartPalette.SecondaryText);
    private static readonly TextStyle LegendStyle = new(13, ChartPalette.Text);

    private static readonly Color SchoolFill = ChartPalette.School.WithAlpha(0.25);

    /// <summary>The chart as a PNG of <see cref="Width"/> x <see cref="Height"/> pixels.</summary>
    /// <exception cref="ArgumentException">Fewer than three axes, or a value outside 1-5.</exception>
    public static byte[] Render(RadarData data) => Draw(data).ToPng();

    /// <summary>The same chart as an inline <c>&lt;svg&gt;</c> for a report page (see <see cref="ChartCanvas.ToSvg"/>).</summary>
    public static string Svg(RadarData data, string label, string id) => Draw(data).ToSvg(label, id);

    private static ChartCanvas Draw(RadarData data)
    {
        Validate(data);
        var canvas = new ChartCanvas(Width, Height);
        var count = data.Axes.Count;

        DrawGrid(canvas, count);
        var school = data.Axes.Select(a => a.School).ToArray();
        var network = data.Axes.Select(a => a.NetworkMedian).ToArray();
        foreach (var run in Runs(school).Where(r => r.Count >= 2))
        {
            var area = run.Count == count ? Points(run, school) : [new(CenterX, CenterY), .. Points(run, school)];
            canvas.Polygon(area, SchoolFill);
        }

        DrawOutline(canvas, network, ChartPalette.Network, LinePattern.DenselyDashed, MarkerShape.FilledDiamond, 9);
        DrawOutline(canvas, school, ChartPalette.School, LinePattern.Solid, MarkerShape.FilledCircle, 8);

        for (var i = 0; i < count; i++)
        {
            DrawAxisLabel(canvas, data, i);
        }

        DrawHeading(canvas, data);
        if (data.Axes.Any(a => a.School is null))
        {
            canvas.Text(ChartCanvas.FitEnd(data.NotShownNote, (float)(Width - (2 * Margin)), NotShownStyle),
                Margin, Height - 12, NotShownStyle, Alignment.LowerLeft);
        }

        return canvas;
    }

    /// <summary>Where <paramref name="value"/> lies on spoke <paramref name="axis"/> of <paramref name="count"/>, in image pixels.</summary>
    /// <remarks>
    /// The radius is proportional to the value (0 at the centre), so ring 1 is a small ring rather than a point and
    /// the rings are evenly spaced. Spoke 0 points up; the rest follow clockwise.
    /// </remarks>
    internal static Coordinates PointOnAxis(int axis, int count, double value)
    {
        var angle = (Math.PI / 2) - (2 * Math.PI * axis / count);
        var r = Radius * value / ScaleMax;
        return new Coordinates(CenterX + (r * Math.Cos(angle)), CenterY - (r * Math.Sin(angle)));
    }

    private static void Validate(RadarData data)
    {
        if (data.Axes.Count < 3)
        {
            throw new ArgumentException($"A radar chart needs at least three axes; it has {data.Axes.Count}.", nameof(data));
        }

        foreach (var axis in data.Axes)
        {
            CheckScale(axis.School, $"{axis.Label}: the school value");
            CheckScale(axis.NetworkMedian, $"{axis.Label}: the network median");
        }
    }

    private static void CheckScale(double? value, string what)
    {
        if (value is { } v && !(v >= ScaleMin && v <= ScaleMax))
        {
            throw new ArgumentOutOfRangeException(nameof(value), v, $"{what} is outside the {ScaleMin}-{ScaleMax} scale.");
        }
    }

    private static void DrawGrid(ChartCanvas canvas, int count)
    {
        for (var ring = (int)ScaleMin; ring <= (int)ScaleMax; ring++)
        {
            var points = Enumerable.Range(0, count + 1).Select(i => PointOnAxis(i % count, count, ring)).ToArray();
            canvas.Line(points, ring == (int)ScaleMax ? ChartPalette.GridStrong : ChartPalette.Grid, 1);
        }

        for (var i = 0; i < count; i++)
        {
            canvas.Line([new(CenterX, CenterY), PointOnAxis(i, count, ScaleMax)], ChartPalette.Grid, 1);
        }

        // Ring values sit on the rings midway between the first two spokes, where no vertex marker can cover them;
        // a translucent backing keeps them readable over the polygons without hiding the lines under them.
        for (var ring = (int)ScaleMin; ring <= (int)ScaleMax; ring++)
        {
            var (a, b) = (PointOnAxis(0, count, ring), PointOnAxis(1, count, ring));
            canvas.Text(ring.ToString(CultureInfo.InvariantCulture), (a.X + b.X) / 2, (a.Y + b.Y) / 2, RingStyle,
                Alignment.MiddleCenter, background: ChartPalette.Background.WithAlpha(0.75));
        }
    }

    private static void DrawOutline(ChartCanvas canvas, double?[] values, Color color, LinePattern pattern, MarkerShape marker, float markerSize)
    {
        var count = values.Length;
        foreach (var run in Runs(values))
        {
            var points = Points(run, values);
            if (run.Count == count)
            {
                points = [.. points, points[0]];
            }

            if (points.Length >= 2)
            {
                canvas.Line(points, color, 2.5f, pattern);
            }
        }

        var present = Enumerable.Range(0, count).Where(i => values[i] is not null).ToList();
        canvas.Markers(Points(present, values), marker, markerSize, color);
    }

    /// <summary>
    /// The stretches of consecutive present values, going round from a missing one, so a stretch never wraps past a
    /// gap; one stretch of every index when nothing is missing.
    /// </summary>
    private static List<List<int>> Runs(double?[] values)
    {
        var count = values.Length;
        var firstMissing = Array.FindIndex(values, v => v is null);
        if (firstMissing < 0)
        {
            return [Enumerable.Range(0, count).ToList()];
        }

        var runs = new List<List<int>>();
        var current = new List<int>();
        for (var step = 1; step <= count; step++)
        {
            var index = (firstMissing + step) % count;
            if (values[index] is null)
            {
                if (current.Count > 0)
                {
                    runs.Add(current);
                    current = [];
                }
            }
            else
            {
                current.Add(index);
            }
        }

        return runs;
    }

    private static Coordinates[] Points(IEnumerable<int> indices, double?[] values) =>
        indices.Select(i => PointOnAxis(i, values.Length, values[i]!.Value)).ToArray();

    private static void DrawAxisLabel(ChartCanvas canvas, RadarData data, int index)
    {
        var axis = data.Axes[index];
        var count = data.Axes.Count;
        var angle = (Math.PI / 2) - (2 * Math.PI * index / count);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var anchorX = CenterX + ((Radius + LabelGap) * cos);
        var anchorY = CenterY - ((Radius + LabelGap) * sin);

        var lines = ChartCanvas.Wrap(axis.Label, LabelWidth, AxisStyle, 2)
            .Select(text => (Text: text, Style: AxisStyle))
            .Append(axis.School is { } value
                ? (Text: value.ToString("0.0", CultureInfo.InvariantCulture), Style: ValueStyle)
                : (Text: ChartCanvas.FitEnd(data.NotShownLabel, LabelWidth, NotShownStyle), Style: NotShownStyle))
            .ToList();

        // Labels sit outside the spoke's tip: to its right on the right half, above it at the top, and so on.
        var alignment = cos > 0.2 ? Alignment.UpperLeft : cos < -0.2 ? Alignment.UpperRight : Alignment.UpperCenter;
        var blockHeight = lines.Count * LineHeight;
        var top = sin > 0.5 ? anchorY - blockHeight : sin < -0.5 ? anchorY : anchorY - (blockHeight / 2);
        for (var i = 0; i < lines.Count; i++)
        {
            canvas.Text(lines[i].Text, anchorX, top + (i * LineHeight), lines[i].Style, alignment);
        }
    }

    private static void DrawHeading(ChartCanvas canvas, RadarData data)
    {
        // The legend takes the top right corner, which the spokes' labels leave free; the heading gets the rest.
        const double legendLeft = 468;
        var headingWidth = (float)(legendLeft - (2 * Margin));
        canvas.Text(ChartCanvas.FitEnd(data.Title, headingWidth, TitleStyle), Margin, 14, TitleStyle, Alignment.UpperLeft);
        if (data.Subtitle is { } subtitle)
        {
            canvas.Text(ChartCanvas.FitEnd(subtitle, headingWidth, SubtitleStyle), Margin, 40, SubtitleStyle, Alignment.UpperLeft);
        }

        const double symbolWidth = 28;
        var textLeft = legendLeft + symbolWidth + 8;
        var textWidth = (float)(Width - Margin - textLeft);

        const double schoolY = 24;
        canvas.Rectangle(legendLeft, schoolY - 7, symbolWidth, 14, SchoolFill);
        canvas.Line([new(legendLeft, schoolY - 7), new(legendLeft + symbolWidth, schoolY - 7)], ChartPalette.School, 2.5f);
        canvas.Markers([new(legendLeft + (symbolWidth / 2), schoolY - 7)], MarkerShape.FilledCircle, 8, ChartPalette.School);
        canvas.Text(ChartCanvas.FitEnd(data.SchoolLabel, textWidth, LegendStyle), textLeft, schoolY, LegendStyle, Alignment.MiddleLeft);

        const double networkY = 48;
        canvas.Line([new(legendLeft, networkY), new(legendLeft + symbolWidth, networkY)], ChartPalette.Network, 2.5f, LinePattern.DenselyDashed);
        canvas.Markers([new(legendLeft + (symbolWidth / 2), networkY)], MarkerShape.FilledDiamond, 9, ChartPalette.Network);
        canvas.Text(ChartCanvas.FitEnd(data.NetworkLabel, textWidth, LegendStyle), textLeft, networkY, LegendStyle, Alignment.MiddleLeft);
    }
}
