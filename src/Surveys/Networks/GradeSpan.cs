using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// The grades a school serves, from <see cref="Low"/> to <see cref="High"/>, with pre-kindergarten as -1 and
/// kindergarten as 0. It decides which student forms (grades 3-5, 6-12) a school gets.
/// </summary>
public sealed partial record GradeSpan
{
    public const int PreKindergarten = -1;
    public const int Kindergarten = 0;

    private GradeSpan(int low, int high)
    {
        Low = low;
        High = high;
    }

    public int Low { get; }

    public int High { get; }

    /// <summary>
    /// Reads "K-5", "PK-8", "6-8", "9-12" or a single grade such as "3" (letters in any case, spaces around the
    /// dash allowed); the lower grade comes first.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out GradeSpan? span)
    {
        span = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            return false;
        }

        var low = Grade(match.Groups["low"].Value);
        var high = match.Groups["high"].Success ? Grade(match.Groups["high"].Value) : low;
        if (low > high)
        {
            return false;
        }

        span = new GradeSpan(low, high);
        return true;
    }

    public static GradeSpan Parse(string text) =>
        TryParse(text, out var span) ? span : throw new FormatException($"'{text}' is not a grade span like K-5, 6-8 or 9-12.");

    /// <summary>True when the school serves at least one grade from <paramref name="low"/> to <paramref name="high"/>.</summary>
    public bool IncludesAny(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(low, high);
        return Low <= high && low <= High;
    }

    /// <summary>The canonical spelling: "K-5", "PK-8", "9-12", or "3" for a single grade.</summary>
    public override string ToString() => Low == High ? Name(Low) : $"{Name(Low)}-{Name(High)}";

    private static int Grade(string name) => name.ToUpperInvariant() switch
    {
        "PK" => PreKindergarten,
        "K" => Kindergarten,
        _ => int.Parse(name, NumberStyles.None, CultureInfo.InvariantCulture),
    };

    private static string Name(int grade) => grade switch
    {
        PreKindergarten => "PK",
        Kindergarten => "K",
        _ => grade.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^\s*(?<low>PK|K|[1-9]|1[0-2])\s*(?:-\s*(?<high>PK|K|[1-9]|1[0-2])\s*)?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
