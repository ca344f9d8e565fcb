using System.Text;
using CsCheck;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// Generators of hostile input for the hardening properties: text that breaks naive parsers and renderers, ids that
/// look like paths, and bytes that are not UTF-8. Iteration counts are kept small; each property also runs the known
/// payloads, so the interesting cases are always tried.
/// </summary>
internal static class Hostile
{
    /// <summary>Iterations for pure properties (microseconds each) and for properties that make HTTP calls.</summary>
    public const int PureIterations = 400;
    public const int HttpIterations = 60;

    /// <summary>Cells a spreadsheet runs as a formula when a CSV is opened.</summary>
    public static readonly string[] FormulaCells =
        ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")", "=cmd|' /C calc'!A0", " =1+1"];

    /// <summary>Markup that runs script if it reaches a page unescaped.</summary>
    public static readonly string[] Markup =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "'><img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "{{ 7 | plus: 7 }}{% raw %}",
    ];

    /// <summary>Ids that try to leave their place: traversal, separators, encodings, NUL, quotes for OData filters, very long.</summary>
    public static readonly string[] PathLikeIds =
    [
        "..", ".", "../x", "..%2f", "..%2F..%2Fx", "%2e%2e", "%2e%2e%2f", "a%2Fb", "..%5c", "a%5Cb", "%00", "a%00b", "%2500",
        "%ff%fe", "%c0%af", "%e2%80%ae", "%F0%9F%98%80", "%C3%A9cole", "x'y", "x%27%20or%20%271%27%3D%271", "x%23y", "x%3Fy",
        "%20", "-", "_", "A-UPPER", "%7B%7D", "con", new string('a', 64), new string('z', 400), new string('9', 2000),
    ];

    /// <summary>Byte sequences that are not valid UTF-8, and byte order marks of other encodings.</summary>
    public static readonly byte[][] InvalidUtf8 =
        [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xFE, 0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];

    /// <summary>Characters that trip parsers and encoders; the emoji is a surrogate pair, so cutting it leaves a lone surrogate.</summary>
    private const string Awkward = "<>\"'&=+-@\t\r\n,;:/\\%.#?{}[]$`| \0\u00a0\u200b\u202e\u2028éß日😀aZ09";

    /// <summary>Short strings of awkward characters (lone surrogates included).</summary>
    public static readonly Gen<string> AwkwardText = Gen.Char[Awkward].Array[0, 30].Select(chars => new string(chars));

    /// <summary>Any text: known payloads, awkward strings, payloads glued to awkward strings, random Unicode.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOfConst([.. FormulaCells, .. Markup, .. PathLikeIds]),
        AwkwardText,
        Gen.Select(Gen.OneOfConst([.. FormulaCells, .. Markup]), AwkwardText, (payload, tail) => payload + tail),
        Gen.String[0, 30]);

    /// <summary>A text a person could plausibly type as a name, then made hostile: it always starts with a payload.</summary>
    public static readonly Gen<string> HostileName =
        Gen.Select(Gen.OneOfConst([.. FormulaCells.Where(f => f.Trim().Length == f.Length), .. Markup]), Gen.Char["abc XYZ-"].Array[0, 12], (payload, tail) => payload + new string(tail));

    /// <summary>Raw bytes: random, invalid UTF-8 glued into ASCII, or UTF-16.</summary>
    public static readonly Gen<byte[]> Bytes = Gen.OneOf(
        Gen.Byte.Array[0, 200],
        Gen.Select(Gen.OneOfConst(InvalidUtf8), AwkwardText, (bad, text) => (byte[])[.. Encoding.UTF8.GetBytes(text), .. bad, .. Encoding.UTF8.GetBytes(text)]),
        AwkwardText.Select(text => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray()));

    /// <summary>What no response body may show: the text of a .NET exception or its stack trace.</summary>
    public static void AssertNoStackTrace(string body, string what)
    {
        Assert.False(body.Contains("   at ", StringComparison.Ordinal), $"{what}: the body shows a stack trace: {Cut(body)}");
        Assert.False(body.Contains("Exception", StringComparison.Ordinal), $"{what}: the body names an exception: {Cut(body)}");
    }

    /// <summary>A value as a failure message shows it: escaped and cut short.</summary>
    public static string Show(string value) => Cut(System.Text.Json.JsonSerializer.Serialize(value));

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
