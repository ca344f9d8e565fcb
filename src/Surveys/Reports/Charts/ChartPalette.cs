using ScottPlot;

namespace ReadinessPipeline.Surveys.Reports.Charts;

/// <summary>
/// The charts' colours. Blue against orange stays distinct for the common forms of colour blindness and in greyscale
/// (the two differ in lightness too); every text colour is at least 4.5:1 against what it is drawn on.
/// </summary>
internal static class ChartPalette
{
    public static readonly Color Background = Colors.White;
    public static readonly Color Text = Color.FromHex("#1A1A1A");
    public static readonly Color SecondaryText = Color.FromHex("#555555");
    public static readonly Color Grid = Color.FromHex("#D4D4D4");
    public static readonly Color GridStrong = Color.FromHex("#A8A8A8");

    /// <summary>Okabe-Ito blue: the school being reported on.</summary>
    public static readonly Color School = Color.FromHex("#0072B2");

    /// <summary>Okabe-Ito vermillion: the network it is compared with.</summary>
    public static readonly Color Network = Color.FromHex("#D55E00");

    /// <summary>Suppressed or missing values: a neutral grey, hatched where it fills an area.</summary>
    public static readonly Color NotShown = Color.FromHex("#D9D9D9");
    public static readonly Color NotShownHatch = Color.FromHex("#B0B0B0");

    public static readonly Color Favorable = Color.FromHex("#2166AC");
    public static readonly Color Neutral = Color.FromHex("#CFCFCF");
    public static readonly Color Unfavorable = Color.FromHex("#E08214");

    // A diverging scale on the 1-5 answer scale: orange below the neutral midpoint 3, blue above, near white at 3.
    // The ends are ColorBrewer's PuOr orange and RdBu blue, which match in lightness so neither side looks louder.
    private static readonly (double Value, Color Color)[] MeanStops =
    [
        (1, Color.FromHex("#B35806")),
        (2, Color.FromHex("#FDB863")),
        (3, Color.FromHex("#F7F7F7")),
        (4, Color.FromHex("#92C5DE")),
        (5, Color.FromHex("#2166AC")),
    ];

    /// <summary>The colour of a mean on the 1-5 scale; values outside it take the colour of the nearer end.</summary>
    public static Color ForMean(double mean)
    {
        var value = Math.Clamp(mean, MeanStops[0].Value, MeanStops[^1].Value);
        var upper = 1;
        while (upper < MeanStops.Length - 1 && MeanStops[upper].Value < value)
        {
            upper++;
        }

        var (lowValue, low) = MeanStops[upper - 1];
        var (highValue, high) = MeanStops[upper];
        var t = (value - lowValue) / (highValue - lowValue);
        return new Color(Mix(low.R, high.R, t), Mix(low.G, high.G, t), Mix(low.B, high.B, t));
    }

    /// <summary>Near-black or white, whichever reads better on <paramref name="background"/>.</summary>
    public static Color TextOn(Color background) => Luminance(background) > 0.20 ? Text : Colors.White;

    private static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));

    // WCAG relative luminance; at 0.20 white and near-black text have the same contrast (about 4.2:1).
    private static double Luminance(Color color)
    {
        static double Linear(byte channel)
        {
            var c = channel / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Linear(color.R)) + (0.7152 * Linear(color.G)) + (0.0722 * Linear(color.B));
    }
}
