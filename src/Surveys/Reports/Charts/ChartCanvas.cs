using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>How one piece of chart text looks. Sizes are pixels of the finished image.</summary>
internal readonly record struct TextStyle(float Size, Color Color, bool Bold = false);

/// <summary>
/// A drawing surface whose coordinates are the image's own pixels (origin top left, y down, no axes or margins), so
/// every chart lays itself out with plain arithmetic and tests can find what was drawn where. It records what is drawn
/// and gives it two ways: <see cref="ToPng"/> replays it onto a ScottPlot plot (for email, where mail clients show
/// images but not SVG), and <see cref="ToSvg"/> writes it as inline SVG (for the report pages: real text that zooms,
/// prints sharp and costs a few hundred microseconds instead of tens of milliseconds of rasterising and PNG encoding).
/// </summary>
internal sealed class ChartCanvas
{
    /// <summary>The smallest text any chart draws, in image pixels: above the 11 px floor for legibility when an email shows the image at its own size.</summary>
    public const float MinimumTextSize = 12;

    /// <summary>
    /// The typeface the SVG asks for: the charts are laid out with DejaVu Sans's widths (see <see cref="ChartFonts"/>);
    /// Bitstream Vera and Verdana, its ancestor and its near twin in width, come next, so labels fitted with an
    /// ellipsis still fit where DejaVu is not installed.
    /// </summary>
    public const string SvgFontFamily = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

    private const string Ellipsis = "…";

    // Dropped before an ellipsis, where they would read as part of it ("Jr.…") or as a dangling clause.
    private static readonly char[] TrailingPunctuation = [' ', '.', ',', ';', ':', '-', '–'];

    // A text style's line metrics, read with the font settings ScottPlot draws with, for both ways out.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(float Size, bool Bold), (SKFontMetrics Metrics, float Spacing)> LineMetrics = new();

    [ThreadStatic]
    private static Dictionary<(float Size, bool Bold), SKFont>? _measuringFonts;

    private readonly List<Shape> _shapes = [];

    public ChartCanvas(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public void Text(string text, double x, double y, TextStyle style, Alignment alignment, float rotation = 0, Color? background = null) =>
        _shapes.Add(new TextShape(text, x, y, style, alignment, rotation, background));

    public void Rectangle(double left, double top, double width, double height, Color fill, IHatch? hatch = null, Color? hatchColor = null) =>
        _shapes.Add(new RectangleShape(left, top, width, height, fill, hatch, hatchColor ?? fill));

    public void Polygon(Coordinates[] points, Color fill) => _shapes.Add(new PolygonShape(points, fill));

    public void Line(Coordinates[] points, Color color, float width, LinePattern? pattern = null) =>
        _shapes.Add(new LineShape(points, color, width, pattern ?? LinePattern.Solid));

    public void Markers(Coordinates[] points, MarkerShape shape, float size, Color color)
    {
        if (points.Length > 0)
        {
            _shapes.Add(new MarkersShape(points, shape, size, color));
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
        using var plot = new Plot();
        plot.FigureBackground.Color = ChartPalette.Background;
        plot.DataBackground.Color = ChartPalette.Background;
        plot.HideAxesAndGrid();
        plot.Layout.Fixed(new PixelPadding(0, 0, 0, 0));
        plot.Axes.SetLimits(0, Width, Height, 0);
        foreach (var shape in _shapes)
        {
            Add(plot, shape);
        }

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia cannot make a {Width}x{Height} surface.");
        plot.Render(surface);
        using var pixels = surface.PeekPixels();
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6))
            ?? throw new InvalidOperationException("Skia cannot encode the chart as PNG.");
        return png.ToArray();
    }

    /// <summary>
    /// The drawing as an <c>&lt;svg&gt;</c> element to put in an HTML page: <paramref name="label"/> is what a screen
    /// reader announces for it (the chart is one image to assistive technology; its data is in the table beside it),
    /// <paramref name="id"/> prefixes the one id it may define (a hatch pattern), so several charts can share a page.
    /// It scales down with the page (its pixel size is its natural size) and uses presentation attributes only, no
    /// style sheet or script, so a strict Content-Security-Policy lets it through. The same drawing gives the same text.
    /// </summary>
    public string ToSvg(string label, string id)
    {
        var svg = new StringBuilder(64 * 1024);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(label)}\" font-family=\"{SvgFontFamily}\" style=\"max-width:100%;height:auto;\">");
        // One stripe pattern per chart, in the colours of its first hatched rectangle: the heatmap, the one chart that
        // hatches, draws every cell not shown (and its legend swatch) in the same two colours.
        if (_shapes.OfType<RectangleShape>().FirstOrDefault(r => r.Hatch is not null) is { } hatch)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{Hex(hatch.Fill)}\"/><rect width=\"2\" height=\"6\" fill=\"{Hex(hatch.HatchColor)}\"/></pattern></defs>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"{Hex(ChartPalette.Background)}\"/>");
        foreach (var shape in _shapes)
        {
            AppendSvg(svg, shape, id);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Add(Plot plot, Shape shape)
    {
        switch (shape)
        {
            case TextShape t:
                var label = plot.Add.Text(t.Text, t.X, t.Y);
                if (t.Background is { } fill)
                {
                    label.LabelBackgroundColor = fill;
                    label.LabelPadding = 1;
                }

                label.LabelStyle.Font = ChartFonts.For(t.Style.Bold);
                label.LabelFontSize = t.Style.Size;
                label.LabelFontColor = t.Style.Color;
                label.LabelAlignment = t.Alignment;
                label.LabelRotation = t.Rotation;

                // ScottPlot centres a line's whole height, descender room included, on a middle-aligned anchor, which
                // leaves capitals and digits visibly high in a cell or beside a bar; this moves them so their middle is on it.
                if (t.Alignment is Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight)
                {
                    var shift = CapMiddleShift(t.Style);
                    var radians = t.Rotation * Math.PI / 180;
                    label.OffsetX = (float)(-shift * Math.Sin(radians));
                    label.OffsetY = (float)(shift * Math.Cos(radians));
                }

                break;
            case RectangleShape r:
                var rectangle = plot.Add.Rectangle(r.Left, r.Left + r.Width, r.Top, r.Top + r.Height);
                rectangle.FillColor = r.Fill;
                rectangle.LineWidth = 0;
                if (r.Hatch is not null)
                {
                    rectangle.FillHatch = r.Hatch;
                    rectangle.FillHatchColor = r.HatchColor;
                }

                break;
            case PolygonShape p:
                var polygon = plot.Add.Polygon(p.Points);
                polygon.FillColor = p.Fill;
                polygon.LineWidth = 0;
                break;
            case LineShape l:
                var line = plot.Add.ScatterLine(l.Points, l.Color);
                line.LineWidth = l.Width;
                line.LinePattern = l.Pattern;
                line.MarkerSize = 0;
                break;
            case MarkersShape m:
                plot.Add.Markers(m.Points, m.Shape, m.Size, m.Color);
                break;
        }
    }

    private static void AppendSvg(StringBuilder svg, Shape shape, string id)
    {
        var c = CultureInfo.InvariantCulture;
        switch (shape)
        {
            case TextShape t:
                var metrics = LineMetricsOf(t.Style).Metrics;
                var (anchor, left) = t.Alignment switch
                {
                    Alignment.UpperLeft or Alignment.MiddleLeft or Alignment.LowerLeft => ("start", 0.0),
                    Alignment.UpperCenter or Alignment.MiddleCenter or Alignment.LowerCenter => ("middle", -0.5),
                    _ => ("end", -1.0),
                };

                // SVG places text by its baseline; these put it where ScottPlot puts it in the PNG (measured on both):
                // its line box, ascent over descent, is raised by the descent, so a top-aligned line's baseline is the
                // ascent less the descent below the anchor and a bottom-aligned one's two descents above it; a
                // middle-aligned line has its capitals centred on the anchor, as the PNG's shift above makes them.
                double baseline = t.Alignment switch
                {
                    Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => -metrics.Ascent - metrics.Descent,
                    Alignment.MiddleLeft or Alignment.MiddleCenter or Alignment.MiddleRight => metrics.CapHeight / 2,
                    _ => -2 * metrics.Descent,
                };
                var rotate = t.Rotation == 0 ? "" : string.Create(c, $" transform=\"rotate({N(t.Rotation)} {N(t.X)} {N(t.Y)})\"");
                if (t.Background is { } background)
                {
                    var width = MeasureWidth(t.Text, t.Style) + 2;
                    var height = metrics.Descent - metrics.Ascent + 2;
                    var top = t.Y + baseline + metrics.Ascent + metrics.Descent - 1;
                    svg.Append(c, $"<rect x=\"{N(t.X + (left * width) - 1)}\" y=\"{N(top)}\" width=\"{N(width)}\" height=\"{N(height)}\"{Fill(background)}{rotate}/>");
                }

                var weight = t.Style.Bold ? " font-weight=\"bold\"" : "";
                var middle = anchor == "start" ? "" : $" text-anchor=\"{anchor}\"";
                svg.Append(c, $"<text x=\"{N(t.X)}\" y=\"{N(t.Y + baseline)}\" font-size=\"{N(t.Style.Size)}\"{weight}{middle}{Fill(t.Style.Color)}{rotate}>{Escape(t.Text)}</text>");
                break;
            case RectangleShape r:
                var fill = r.Hatch is null ? Fill(r.Fill) : $" fill=\"url(#{id}-hatch)\"";
                svg.Append(c, $"<rect x=\"{N(r.Left)}\" y=\"{N(r.Top)}\" width=\"{N(r.Width)}\" height=\"{N(r.Height)}\"{fill}/>");
                break;
            case PolygonShape p:
                svg.Append(c, $"<polygon points=\"{Points(p.Points)}\"{Fill(p.Fill)}/>");
                break;
            case LineShape l:
                var dashes = l.Pattern.Intervals is { Length: > 0 } intervals ? $" stroke-dasharray=\"{string.Join(' ', intervals.Select(i => N(i)))}\"" : "";
                var opacity = l.Color.A == 255 ? "" : $" stroke-opacity=\"{N(l.Color.A / 255.0)}\"";
                svg.Append(c, $"<polyline points=\"{Points(l.Points)}\" fill=\"none\" stroke=\"{Hex(l.Color)}\"{opacity} stroke-width=\"{N(l.Width)}\"{dashes}/>");
                break;
            case MarkersShape m:
                var radius = m.Size / 2.0;
                foreach (var point in m.Points)
                {
                    svg.Append(m.Shape switch
                    {
                        MarkerShape.FilledDiamond => string.Create(c, $"<polygon points=\"{N(point.X)},{N(point.Y - radius)} {N(point.X + radius)},{N(point.Y)} {N(point.X)},{N(point.Y + radius)} {N(point.X - radius)},{N(point.Y)}\"{Fill(m.Color)}/>"),
                        MarkerShape.FilledSquare => string.Create(c, $"<rect x=\"{N(point.X - radius)}\" y=\"{N(point.Y - radius)}\" width=\"{N(m.Size)}\" height=\"{N(m.Size)}\"{Fill(m.Color)}/>"),
                        _ => string.Create(c, $"<circle cx=\"{N(point.X)}\" cy=\"{N(point.Y)}\" r=\"{N(radius)}\"{Fill(m.Color)}/>"),
                    });
                }

                break;
        }
    }

    private static string Points(Coordinates[] points) => string.Join(' ', points.Select(p => N(p.X) + "," + N(p.Y)));

    private static string Fill(Color color) =>
        color.A == 255 ? $" fill=\"{Hex(color)}\"" : $" fill=\"{Hex(color)}\" fill-opacity=\"{N(color.A / 255.0)}\"";

    private static string Hex(Color color) => string.Create(CultureInfo.InvariantCulture, $"#{color.R:X2}{color.G:X2}{color.B:X2}");

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);

    private abstract record Shape;

    private sealed record TextShape(string Text, double X, double Y, TextStyle Style, Alignment Alignment, float Rotation, Color? Background) : Shape;

    private sealed record RectangleShape(double Left, double Top, double Width, double Height, Color Fill, IHatch? Hatch, Color HatchColor) : Shape;

    private sealed record PolygonShape(Coordinates[] Points, Color Fill) : Shape;

    private sealed record LineShape(Coordinates[] Points, Color Color, float Width, LinePattern Pattern) : Shape;

    private sealed record MarkersShape(Coordinates[] Points, MarkerShape Shape, float Size, Color Color) : Shape;

    /// <summary>How far below where ScottPlot puts it a middle-aligned line must go for its capitals to be centred.</summary>
    private static float CapMiddleShift(TextStyle style)
    {
        var (metrics, spacing) = LineMetricsOf(style);
        return (metrics.CapHeight / 2) - (spacing / 2) + metrics.Bottom;
    }

    private static (SKFontMetrics Metrics, float Spacing) LineMetricsOf(TextStyle style) => LineMetrics.GetOrAdd((style.Size, style.Bold), static key =>
    {
        // The same font settings ScottPlot draws with, so the metrics are the ones it lays the line out by.
        using var font = new SKFont(ChartFonts.For(key.Bold), key.Size) { Hinting = SKFontHinting.Slight, Subpixel = true };
        font.GetFontMetrics(out var metrics);
        return (metrics, font.Spacing);
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

        // The longest start that fits, found by halving: each candidate's text before the ellipsis begins the next
        // one's (trimming punctuation only drops what the next would drop too), and every glyph has a positive advance,
        // so the widths grow with the number of elements kept and this finds what trying each length from the longest
        // down would. An item label is 60-120 characters fitted to 170 px: 7 measurements instead of about 60.
        var elements = TextElements(text);
        string Candidate(int keep) => string.Concat(elements.Take(keep)).TrimEnd(TrailingPunctuation) + Ellipsis;
        var (fits, tooWide) = (0, elements.Count);
        while (tooWide - fits > 1)
        {
            var keep = (fits + tooWide) / 2;
            if (MeasureWidth(Candidate(keep), style) <= maxWidth)
            {
                fits = keep;
            }
            else
            {
                tooWide = keep;
            }
        }

        return fits > 0 ? Candidate(fits) : Ellipsis;
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
