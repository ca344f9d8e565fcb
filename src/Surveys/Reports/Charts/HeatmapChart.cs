using System.Globalization;
using ScottPlot;
using ScottPlot.Hatches;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// The coaches' network heatmap: schools down the side, dimensions across the top, each cell coloured by the school's
/// mean on a diverging 1-5 scale (orange below the neutral 3, blue above) with the value printed in it.
/// </summary>
/// <remarks>
/// Every row has the same height and every value is printed, so the image grows with the network
/// (<see cref="HeightFor"/>) instead of squeezing the numbers. A suppressed cell is grey, hatched and marked "–", so it
/// cannot be mistaken for a neutral 3.0, which is near white and carries its number.
/// </remarks>
public static class HeatmapChart
{
    public const int Width = 820;

    internal const double RowHeight = 24;
    internal const double ColumnWidth = 48;
    internal const double GridLeft = 16 + LabelWidth + 8;
    internal const double GridTop = 236;

    private const double Margin = 16;
    private const float LabelWidth = 220;
    private const double BottomMargin = 20;
    private const double CellGap = 1;

    // Column names are written at 45 degrees so they can be long without widening the columns; this is the longest
    // that still fits above the grid (and, for the last column, inside the image).
    private const float HeaderLength = 160;

    private static readonly TextStyle TitleStyle = new(18, ChartPalette.Text, Bold: true);
    private static readonly TextStyle SubtitleStyle = new(13, ChartPalette.SecondaryText);
    private static readonly TextStyle HeaderStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle RowStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle LegendStyle = new(13, ChartPalette.Text);
    private static readonly TextStyle TickStyle = new(ChartCanvas.MinimumTextSize, ChartPalette.SecondaryText);

    /// <summary>The height of the PNG for a heatmap of <paramref name="rowCount"/> schools.</summary>
    public static int HeightFor(int rowCount) => (int)(GridTop + (rowCount * RowHeight) + BottomMargin);

    /// <summary>The chart as a PNG, <see cref="Width"/> wide and <see cref="HeightFor"/> its rows high.</summary>
    /// <exception cref="ArgumentException">No columns or rows, a row with the wrong number of values, or a value outside 1-5.</exception>
    public static byte[] Render(HeatmapData data) => Draw(data).ToPng();

    /// <summary>The same chart as an inline <c>&lt;svg&gt;</c> for a report page (see <see cref="ChartCanvas.ToSvg"/>).</summary>
    public static string Svg(HeatmapData data, string label, string id) => Draw(data).ToSvg(label, id);

    private static ChartCanvas Draw(HeatmapData data)
    {
        Validate(data);
        var canvas = new ChartCanvas(Width, HeightFor(data.Rows.Count));
        DrawHeading(canvas, data);

        for (var column = 0; column < data.Columns.Count; column++)
        {
            var center = GridLeft + ((column + 0.5) * ColumnWidth);
            var header = ChartCanvas.FitEnd(data.Columns[column], HeaderLength, HeaderStyle);
            canvas.Text(header, center, GridTop - 8, HeaderStyle, Alignment.MiddleLeft, rotation: -45);
        }

        for (var row = 0; row < data.Rows.Count; row++)
        {
            var school = data.Rows[row];
            var middle = GridTop + ((row + 0.5) * RowHeight);
            canvas.Text(ChartCanvas.FitMiddle(school.Label, LabelWidth, RowStyle), Margin, middle, RowStyle, Alignment.MiddleLeft);
            for (var column = 0; column < data.Columns.Count; column++)
            {
                DrawCell(canvas, Cell(row, column), school.Values[column]);
            }
        }

        return canvas;
    }

    /// <summary>The painted part of a cell, in image pixels, inside the white gap that separates cells.</summary>
    internal static PixelRect Cell(int row, int column)
    {
        var left = GridLeft + (column * ColumnWidth) + CellGap;
        var top = GridTop + (row * RowHeight) + CellGap;
        return new PixelRect((float)left, (float)(left + ColumnWidth - (2 * CellGap)), (float)(top + RowHeight - (2 * CellGap)), (float)top);
    }

    private static void Validate(HeatmapData data)
    {
        if (data.Columns.Count == 0 || data.Rows.Count == 0)
        {
            throw new ArgumentException("A heatmap needs at least one column and one row.", nameof(data));
        }

        foreach (var row in data.Rows)
        {
            if (row.Values.Count != data.Columns.Count)
            {
                throw new ArgumentException($"{row.Label}: {row.Values.Count} values for {data.Columns.Count} columns.", nameof(data));
            }

            for (var column = 0; column < row.Values.Count; column++)
            {
                if (row.Values[column] is { } v && !(v >= 1 && v <= 5))
                {
                    throw new ArgumentOutOfRangeException(nameof(data), v, $"{row.Label}, {data.Columns[column]}: the mean is outside the 1-5 scale.");
                }
            }
        }
    }

    private static void DrawCell(ChartCanvas canvas, PixelRect cell, double? value)
    {
        if (value is { } mean)
        {
            var fill = ChartPalette.ForMean(mean);
            canvas.Rectangle(cell.Left, cell.Top, cell.Width, cell.Height, fill);
            canvas.Text(mean.ToString("0.0", CultureInfo.InvariantCulture), cell.HorizontalCenter, cell.VerticalCenter,
                new TextStyle(ChartCanvas.MinimumTextSize, ChartPalette.TextOn(fill)), Alignment.MiddleCenter);
        }
        else
        {
            DrawNotShown(canvas, cell);
        }
    }

    private static void DrawNotShown(ChartCanvas canvas, PixelRect cell)
    {
        canvas.Rectangle(cell.Left, cell.Top, cell.Width, cell.Height, ChartPalette.NotShown, new Striped(), ChartPalette.NotShownHatch);
        canvas.Text("–", cell.HorizontalCenter, cell.VerticalCenter, new TextStyle(13, ChartPalette.Text, Bold: true), Alignment.MiddleCenter);
    }

    private static void DrawHeading(ChartCanvas canvas, HeatmapData data)
    {
        var headingWidth = (float)(Width - (2 * Margin));
        canvas.Text(ChartCanvas.FitEnd(data.Title, headingWidth, TitleStyle), Margin, 14, TitleStyle, Alignment.UpperLeft);
        if (data.Subtitle is { } subtitle)
        {
            canvas.Text(ChartCanvas.FitEnd(subtitle, headingWidth, SubtitleStyle), Margin, 40, SubtitleStyle, Alignment.UpperLeft);
        }

        // The legend: the colour bar with its ticks, then what a hatched cell means.
        const double legendY = 80;
        const double barLeft = GridLeft;
        const double barWidth = 240;
        const double barHeight = 14;
        canvas.Text(ChartCanvas.FitEnd(data.ScaleLabel, LabelWidth, LegendStyle), Margin, legendY + (barHeight / 2), LegendStyle, Alignment.MiddleLeft);
        const int steps = 120;
        for (var i = 0; i < steps; i++)
        {
            var value = 1 + (4.0 * (i + 0.5) / steps);
            canvas.Rectangle(barLeft + (i * barWidth / steps), legendY, (barWidth / steps) + 0.5, barHeight, ChartPalette.ForMean(value));
        }

        for (var tick = 1; tick <= 5; tick++)
        {
            var x = barLeft + ((tick - 1) * barWidth / 4);
            canvas.Line([new(x, legendY + barHeight), new(x, legendY + barHeight + 4)], ChartPalette.SecondaryText, 1);
            canvas.Text(tick.ToString(CultureInfo.InvariantCulture), x, legendY + barHeight + 6, TickStyle, Alignment.UpperCenter);
        }

        const double swatchLeft = barLeft + barWidth + 40;
        const double swatchTop = legendY + (barHeight / 2) - (RowHeight / 2) + CellGap;
        var swatch = new PixelRect((float)swatchLeft, (float)(swatchLeft + ColumnWidth - (2 * CellGap)), (float)(swatchTop + RowHeight - (2 * CellGap)), (float)swatchTop);
        DrawNotShown(canvas, swatch);
        var noteLeft = swatch.Right + 8;
        canvas.Text(ChartCanvas.FitEnd(data.NotShownNote, (float)(Width - Margin - noteLeft), LegendStyle), noteLeft, swatch.VerticalCenter, LegendStyle, Alignment.MiddleLeft);
    }
}
