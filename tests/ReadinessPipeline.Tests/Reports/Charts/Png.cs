using System.Buffers.Binary;
using SkiaSharp;

namespace ReadinessPipeline.Tests.Reports.Charts;

/// <summary>Reads what the chart tests check in a PNG: its signature and header, and its pixels.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The width and height from the IHDR chunk, which the format requires to come first.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 33, $"A PNG has at least a signature and an IHDR chunk; this is {png.Length} bytes.");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16, 4)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20, 4)));
    }

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("SkiaSharp could not decode the PNG.");

    public static SKColor Pixel(SKBitmap bitmap, double x, double y) => bitmap.GetPixel((int)Math.Round(x), (int)Math.Round(y));

    /// <summary>Clearly blue: the blue channel well above red and above green, as the school fill and the high end of the scales are.</summary>
    public static bool IsBluish(SKColor c) => c.Blue > c.Red + 30 && c.Blue > c.Green + 5;

    public static bool IsWhite(SKColor c) => c.Red > 245 && c.Green > 245 && c.Blue > 245;

    /// <summary>A grey that is not white: all three channels within a few steps of each other.</summary>
    public static bool IsGrey(SKColor c) =>
        Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) <= 6 && c.Red < 240;
}
