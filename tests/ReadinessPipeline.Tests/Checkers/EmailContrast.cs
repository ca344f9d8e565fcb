using System.Globalization;
using AngleSharp.Dom;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// WCAG 2.1 contrast (1.4.3, AA) of an email's text against its background, computed from the inline styles and
/// bgcolor attributes that mail clients keep: every element with text of its own gets the colour and background it
/// inherits, and their contrast ratio must be at least 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold).
/// </summary>
public static class EmailContrast
{
    private static readonly Rgb White = new(255, 255, 255);
    private static readonly Rgb Black = new(0, 0, 0);

    /// <summary>One finding per distinct colour pair under its minimum, with an element that shows it.</summary>
    public static IEnumerable<string> Findings(IDocument document)
    {
        var seen = new HashSet<(Rgb, Rgb, bool)>();
        foreach (var element in document.Body?.QuerySelectorAll("*").Prepend(document.Body) ?? [])
        {
            if (!element.ChildNodes.Any(n => n.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(n.TextContent)))
            {
                continue;
            }

            var (foreground, background, large, problem) = Resolve(element);
            if (problem is not null)
            {
                yield return $"{problem} on <{element.LocalName}>";
                continue;
            }

            var ratio = Ratio(foreground, background);
            var minimum = large ? 3.0 : 4.5;
            if (ratio < minimum && seen.Add((foreground, background, large)))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{foreground} on {background} is {ratio:0.00}:1, under {minimum}:1, at <{element.LocalName}> \"{Excerpt(element)}\"");
            }
        }
    }

    /// <summary>The WCAG contrast ratio of two colours: (L1 + 0.05) / (L2 + 0.05), lighter over darker.</summary>
    public static double Ratio(Rgb a, Rgb b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>WCAG relative luminance of an sRGB colour.</summary>
    public static double Luminance(Rgb colour)
    {
        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(colour.R)) + (0.7152 * Channel(colour.G)) + (0.0722 * Channel(colour.B));
    }

    /// <summary>A CSS colour as the templates write it: #rgb, #rrggbb, white or black; null for anything else.</summary>
    public static Rgb? Parse(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        return v switch
        {
            "white" or "#fff" or "#ffffff" => White,
            "black" => Black,
            _ when v.Length == 7 && v[0] == '#' && int.TryParse(v[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb) => new Rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF),
            _ when v.Length == 4 && v[0] == '#' && int.TryParse(v[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var short3) =>
                new Rgb(((short3 >> 8) & 0xF) * 17, ((short3 >> 4) & 0xF) * 17, (short3 & 0xF) * 17),
            _ => null,
        };
    }

    private static (Rgb Foreground, Rgb Background, bool Large, string? Problem) Resolve(IElement element)
    {
        Rgb? foreground = null, background = null;
        double? size = null;
        var bold = false;
        for (var e = element; e is not null; e = e.ParentElement)
        {
            var style = Declarations(e.GetAttribute("style"));
            if (foreground is null && style.GetValueOrDefault("color") is { } color)
            {
                foreground = Parse(color);
                if (foreground is null)
                {
                    return (Black, White, false, $"colour \"{color}\" is not one this check reads");
                }
            }

            if (background is null && (style.GetValueOrDefault("background-color") ?? style.GetValueOrDefault("background") ?? e.GetAttribute("bgcolor")) is { } fill)
            {
                background = Parse(fill);
                if (background is null)
                {
                    return (Black, White, false, $"background \"{fill}\" is not one this check reads");
                }
            }

            if (size is null && style.GetValueOrDefault("font-size") is { } fontSize && fontSize.EndsWith("px", StringComparison.Ordinal))
            {
                size = double.Parse(fontSize[..^2], CultureInfo.InvariantCulture);
            }

            bold |= e.LocalName is "strong" or "b" or "th" or "h1" or "h2" or "h3" || style.GetValueOrDefault("font-weight") is "bold" or "700" or "800" or "900";
        }

        // A link without its own colour is drawn in the client's link blue, not the inherited colour.
        if (element.LocalName == "a" && Declarations(element.GetAttribute("style")).GetValueOrDefault("color") is null)
        {
            foreground = new Rgb(0, 0, 238);
        }

        var px = size ?? 16;
        return (foreground ?? Black, background ?? White, px >= 24 || (bold && px >= 18.66), null);
    }

    /// <summary>The declarations of an inline style, by lower-case property (the last one wins, as in CSS).</summary>
    public static Dictionary<string, string> Declarations(string? style) =>
        (style ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    private static string Excerpt(IElement element)
    {
        var text = element.TextContent.Trim();
        return text.Length > 30 ? text[..30] + "..." : text;
    }
}

/// <summary>An sRGB colour.</summary>
public readonly record struct Rgb(int R, int G, int B)
{
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}
