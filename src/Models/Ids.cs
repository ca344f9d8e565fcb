using System.Text.RegularExpressions;

namespace ReadinessPipeline.Models;

/// <summary>
/// The one rule for network, round and school ids: 1-63 lowercase ASCII letters, digits and hyphens, starting with a
/// letter or digit. Ids become table keys, blob path segments and URL segments, so nothing else (no slash, dot, space,
/// backslash or look-alike character) may reach storage or a URL through one.
/// </summary>
public static partial class Ids
{
    public const string Rule = "1-63 lowercase letters, digits and hyphens, starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>A new network or round id: the rule above and at least 3 characters long.</summary>
    public static bool IsValidNew(string? id) => IsValid(id) && id!.Length >= 3;

    // \z, not $: "$" would also match before a final newline.
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
