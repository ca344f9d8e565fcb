using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>How one piece of chart text looks. Sizes are pixels of the finished image.</summary>
internal readonly record struct TextStyle(float Size, Color Color, bool Bold = false);

/// <summary>
/// A ScottPlot plot used as a drawing surface whose coordinates are the image's own pixels (origin top left, y down,
/// no axes or margins), so every chart lays itself out with plain arithmetic and tests can find what was drawn where.
/// </summary>
internal sealed class ChartCanvas : IDisposable
{
    /// <summary>The smallest text any chart draws, in image pixels: above the 11 px floor for legibility when an email shows the image at its own size.</summary>
    public const float MinimumTextSize = 12;

    private const string Ellipsis = "…";

    // Dropped before an ellipsis, where they would read as part of it ("Jr.…") or as a dangling clause.
    private static readonly char[] TrailingPunctuation = [' ', '.', ',', ';', ':', '-', '–'];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(float Size, bool Bold), float> CapMiddleShifts = new();

    [ThreadStatic]
    private static Dictionary<(float Size, bool Bold), SKFont>? _measuringFonts;

    private readonly Plot _plot = new();

    public ChartCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        _plot.FigureBackground.Color = ChartPalette.Background;
        _plot.DataBackground.Color = ChartPalette.Background;
        _plot.HideAxesAndGrid();
        _plot.Layout.Fixed(new PixelPadding(0, 0, 0, 0));
        _plot.Axes.SetLimits(0, width, height, 0);
    }

    public int Width { get; }

    public int Height { get; }

    public void Text(string text, double x, double y, TextStyle style, Alignment alignment, float rotation = 0, Color? background = null)
    {
        var label = _plot.Add.Text(text, x, y);
        if (background is { } fill)
        {
            label.LabelBackgroundColor = fill;
            label.LabelPadding = 1;
        }

        label.LabelStyle.Font = ChartFonts.For(style.Bold);
        label.LabelFontSize = style.Size;
        label.LabelFontColor = style.Color;
        label.LabelAlignment = alignment;
        label.LabelRotation = rotation;

        // ScottPlot centres a line's whole height, descender room included, on a middle-aligned anchor, which leaves
        // capitals and digits visibly high in a cell or beside a bar; this moves them so their middle is on it.
        if (alignment is Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight)
        {
            var shift = CapMiddleShift(style);
            var radians = rotation * Math.PI / 180;
            label.OffsetX = (float)(-shift * Math.Sin(radians));
            label.OffsetY = (float)(shift * Math.Cos(radians));
        }
    }

    public void Rectangle(double left, double top, double width, double height, Color fill, IHatch? hatch = null, Color? hatchColor = null)
    {
        var rectangle = _plot.Add.Rectangle(left, left + width, top, top + height);
        rectangle.FillColor = fill;
        rectangle.LineWidth = 0;
        if (hatch is not null)
        {
            rectangle.FillHatch = hatch;
            rectangle.FillHatchColor = hatchColor ?? fill;
        }
    }

    public void Polygon(Coordinates[] points, Color fill)
    {
        var polygon = _plot.Add.Polygon(points);
        polygon.FillColor = fill;
        polygon.LineWidth = 0;
    }

    public void Line(Coordinates[] points, Color color, float width, LinePattern? pattern = null)
    {
        var line = _plot.Add.ScatterLine(points, color);
        line.LineWidth = width;
        line.LinePattern = pattern ?? LinePattern.Solid;
        line.MarkerSize = 0;
    }

    public void Markers(Coordinates[] points, MarkerShape shape, float size, Color color)
    {
        if (points.Length > 0)
        {
            _plot.Add.Markers(points, shape, size, color);
        }
    }

    /// <summary>
    /// The image as an opaque PNG (RGB, no alpha channel), every row filter tried, at zlib level 6; Skia's encoder
    /// writes no timestamp, so the same drawing gives the same bytes. Level 9 saved 1-3 % of the bytes for 4 to 11
    /// times the encoding time, which was most of a report's build time (measured in bench/RESULTS.md: a radar
    /// 37 ms at level 9, 8.6 ms at level 6, 62.5 KB vs 64.0 KB; an 1,800-school heatmap 15.9 s vs 1.4 s).
    /// </summary>
    public byte[] ToPng()
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia cannot make a {Width}x{Height} surface.");
        _plot.Render(surface);
        using var pixels = surface.PeekPixels();
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6))
            ?? throw new InvalidOperationException("Skia cannot encode the chart as PNG.");
        return png.ToArray();
    }

    public void Dispose() => _plot.Dispose();

    /// <summary>How far below where ScottPlot puts it a middle-aligned line must go for its capitals to be centred.</summary>
    private static float CapMiddleShift(TextStyle style) => CapMiddleShifts.GetOrAdd((style.Size, style.Bold), static key =>
    {
        // The same font settings ScottPlot draws with, so the metrics are the ones it lays the line out by.
        using var font = new SKFont(ChartFonts.For(key.Bold), key.Size) { Hinting = SKFontHinting.Slight, Subpixel = true };
        font.GetFontMetrics(out var metrics);
        return (metrics.CapHeight / 2) - (font.Spacing / 2) + metrics.Bottom;
    });

    public static float MeasureWidth(string text, TextStyle style)
    {
        // Fitting one item's label measures it once per text element it drops, so a round's item charts measure tens of
        // thousands of strings: the font is made once per thread and size (an SKFont must not be shared between
        // threads) instead of once per measurement. The widths are the same either way.
        var fonts = _measuringFonts ??= [];
        if (!fonts.TryGetValue((style.Size, style.Bold), out var font))
        {
            fonts[(style.Size, style.Bold)] = font = new SKFont(ChartFonts.For(style.Bold), style.Size);
        }

        return font.MeasureText(text);
    }

    /// <summary><paramref name="text"/>, or as much of its start as fits with an ellipsis.</summary>
    public static string FitEnd(string text, float maxWidth, TextStyle style)
    {
        if (MeasureWidth(text, style) <= maxWidth)
        {
            return text;
        }

        var elements = TextElements(text);
        for (var keep = elements.Count - 1; keep > 0; keep--)
        {
            var candidate = string.Concat(elements.Take(keep)).TrimEnd(TrailingPunctuation) + Ellipsis;
            if (MeasureWidth(candidate, style) <= maxWidth)
            {
                return candidate;
            }
        }

        return Ellipsis;
    }

    /// <summary>
    /// <paramref name="text"/>, or whole words from its start and end around an ellipsis. Names in one network often
    /// share a start and differ at the end ("… Middle School", "… Upper Campus"), so the end is kept as well; the
    /// cut falls between words, and inside one only when no pair of whole words fits.
    /// </summary>
    public static string FitMiddle(string text, float maxWidth, TextStyle style)
    {
        if (MeasureWidth(text, style) <= maxWidth)
        {
            return text;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var best = "";
        for (var head = 1; head < words.Length; head++)
        {
            for (var tail = 1; head + tail < words.Length; tail++)
            {
                var candidate = string.Join(' ', words.Take(head)).TrimEnd(TrailingPunctuation) + Ellipsis + string.Join(' ', words.Skip(words.Length - tail));
                if (candidate.Length > best.Length && MeasureWidth(candidate, style) <= maxWidth)
                {
                    best = candidate;
                }
            }
        }

        return best.Length > 0 ? best : FitEnd(text, maxWidth, style);
    }

    /// <summary>
    /// <paramref name="text"/> broken at spaces into lines no wider than <paramref name="maxWidth"/>; past
    /// <paramref name="maxLines"/> the last line ends in an ellipsis, and a word too long for a line is cut the same way.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, float maxWidth, TextStyle style, int maxLines)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lines = new List<string>();
        var current = "";
        var index = 0;
        while (index < words.Length && lines.Count < maxLines)
        {
            var candidate = current.Length == 0 ? words[index] : current + " " + words[index];
            if (current.Length > 0 && MeasureWidth(candidate, style) > maxWidth)
            {
                lines.Add(current);
                current = "";
                continue;
            }

            current = candidate;
            index++;
        }

        if (lines.Count < maxLines && current.Length > 0)
        {
            lines.Add(current);
        }

        if (index < words.Length)
        {
            lines[^1] = FitEnd(lines[^1] + " " + string.Join(' ', words.Skip(index)), maxWidth, style);
        }

        return lines.Select(line => FitEnd(line, maxWidth, style)).ToList();
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }
}
