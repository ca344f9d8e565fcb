using SkiaSharp;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// The typefaces every chart draws with, read from the assembly (see <c>Fonts/README.md</c>): a server may have no
/// fonts installed, and a system font would make the same chart look, and encode, differently from machine to machine.
/// </summary>
internal static class ChartFonts
{
    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");

    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");

    public static SKTypeface For(bool bold) => bold ? Bold : Regular;

    private static SKTypeface Load(string file)
    {
        var name = "ReadinessPipeline.Charts." + file;
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The chart font {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        // The typeface keeps a reference to this data for as long as it lives, so no stream is left open.
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The chart font {name} cannot be read.");
    }
}
