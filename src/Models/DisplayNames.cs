namespace ReadinessPipeline.Models;

/// <summary>
/// The rule for a name people read (a network's, a round's): 1 to 120 characters, and none of them a control character
/// or a bidirectional override, which would break the lines of an email or CSV or make a name read other than it is stored.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 120;

    /// <summary>Null when <paramref name="name"/> is a good name for a <paramref name="what"/>; otherwise why not.</summary>
    public static string? Problem(string? name, string what) => name?.Trim() switch
    {
        null or { Length: 0 or > MaxLength } => $"A {what} needs a name of 1 to {MaxLength} characters.",
        var trimmed when HasHiddenCharacters(trimmed) => $"A {what} name may not contain control characters (line breaks, tabs, direction marks); retype it.",
        _ => null,
    };

    /// <summary>Whether <paramref name="text"/> holds a control character (C0, DEL, C1) or a bidirectional embedding, override or isolate.</summary>
    public static bool HasHiddenCharacters(string text) => text.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
}
