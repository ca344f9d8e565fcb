using System.Globalization;
using CsCheck;
using ReadinessPipeline.Surveys.Reports.Charts;
using ScottPlot;

namespace ReadinessPipeline.Tests.Reports.Charts;

public class ChartTextTests
{
    private static readonly TextStyle Style = new(13, Colors.Black);

    [Fact]
    public void A_long_school_name_keeps_whole_words_from_its_start_and_end()
    {
        const string name = "Eastfield Public Schools Innovation Academy, Upper Campus";

        var fitted = ChartCanvas.FitMiddle(name, 220, Style);

        Assert.True(ChartCanvas.MeasureWidth(fitted, Style) <= 220);
        Assert.Matches(@"^Eastfield( \S+)*…(\S+ )*Campus$", fitted);
    }

    [Fact]
    public void Widths_measured_on_several_threads_are_those_of_a_font_made_for_each_measurement()
    {
        string[] texts = ["Professional learning", "Family and community engagement", "…", "Équipe de conception", "12%"];
        TextStyle[] styles = [Style, new(18, Colors.Black, Bold: true), new(12, Colors.Gray)];
        var expected = styles.SelectMany(style => texts.Select(text =>
        {
            using var font = new SkiaSharp.SKFont(style.Bold ? ChartFonts.Bold : ChartFonts.Regular, style.Size);
            return font.MeasureText(text);
        })).ToArray();

        var measured = new float[8][];
        Parallel.For(0, measured.Length, new ParallelOptions { MaxDegreeOfParallelism = measured.Length }, i =>
            measured[i] = [.. styles.SelectMany(style => texts.Select(text => ChartCanvas.MeasureWidth(text, style)))]);

        Assert.All(measured, widths => Assert.Equal(expected, widths));
    }

    [Fact]
    public void A_name_that_fits_is_left_alone()
    {
        Assert.Equal("Harbor View High School", ChartCanvas.FitMiddle("Harbor View High School", 220, Style));
        Assert.Equal("Harbor View High School", ChartCanvas.FitEnd("Harbor View High School", 220, Style));
    }

    [Fact]
    public void A_label_wraps_at_spaces_and_ends_in_an_ellipsis_past_its_last_line()
    {
        Assert.Equal(["Professional", "learning"], ChartCanvas.Wrap("Professional learning", 100, Style, 2));

        var cut = ChartCanvas.Wrap("Family and community engagement in the school", 100, Style, 2);
        Assert.Equal(2, cut.Count);
        Assert.EndsWith("…", cut[1], StringComparison.Ordinal);
        Assert.All(cut, line => Assert.True(ChartCanvas.MeasureWidth(line, Style) <= 100, line));
    }

    [Fact]
    public void Fitting_the_end_by_halving_gives_what_trying_every_length_from_the_longest_down_gives()
    {
        // Words, punctuation that is trimmed before the ellipsis, accents and a combining mark, wide and narrow glyphs.
        var piece = Gen.OneOfConst("Professional", "learning", " ", " ", ".", ",", ";", ":", "-", "–", "é", "e\u0301", "W", "i", "¿Qué?", "12%", "Jr.");
        var text = piece.Array[1, 30].Select(string.Concat);
        Gen.Select(text, Gen.Int[10, 300]).Sample((label, width) =>
            Assert.Equal(FitEndOneLengthAtATime(label, width, Style), ChartCanvas.FitEnd(label, width, Style)), iter: 2_000);
    }

    /// <summary>The fitting as first written: every length tried, from the longest down, until one fits.</summary>
    private static string FitEndOneLengthAtATime(string text, float maxWidth, TextStyle style)
    {
        if (ChartCanvas.MeasureWidth(text, style) <= maxWidth)
        {
            return text;
        }

        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        for (var keep = elements.Count - 1; keep > 0; keep--)
        {
            var candidate = string.Concat(elements.Take(keep)).TrimEnd(' ', '.', ',', ';', ':', '-', '–') + "…";
            if (ChartCanvas.MeasureWidth(candidate, style) <= maxWidth)
            {
                return candidate;
            }
        }

        return "…";
    }
}
