using System.Collections.Concurrent;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Instruments;

/// <summary>
/// The words of the survey pages themselves (buttons, errors, closed pages) per language, from
/// <c>Data/ui/text.&lt;lang&gt;.json</c>. Every language must have every key the English file has. A key written
/// <c>student.&lt;key&gt;</c> is the wording of <c>&lt;key&gt;</c> on student pages: Spanish, for one, speaks to a
/// child with "tú" and to an adult with "usted", so the audience picks the words, not the code.
/// </summary>
public sealed class UiText
{
    private const string StudentPrefix = "student.";
    private readonly Dictionary<string, Dictionary<string, string>> _languages;
    private readonly ConcurrentDictionary<(string Language, Audience? Audience), IReadOnlyDictionary<string, string>> _views = new();

    private UiText(Dictionary<string, Dictionary<string, string>> languages) => _languages = languages;

    public IReadOnlyCollection<string> Languages => _languages.Keys;

    /// <summary>The survey pages' words; the dashboard's are in <c>Data/dashboard</c>, in the same form.</summary>
    public static UiText LoadDefault(string folderName = "ui") => Load(Catalog.DefaultDirectory, folderName);

    public static UiText Load(string dataDirectory, string folderName = "ui")
    {
        var folder = Path.Combine(dataDirectory, folderName);
        return new UiText(Catalog.LoadTexts(folder));
    }

    /// <summary>
    /// The words for <paramref name="language"/> (English when that language has no page text), as said to
    /// <paramref name="audience"/>; with no audience (a page that cannot tell who is reading), the general wording.
    /// </summary>
    public IReadOnlyDictionary<string, string> For(string language, Audience? audience = null) =>
        _views.GetOrAdd((language, audience), key =>
        {
            var words = _languages.GetValueOrDefault(key.Language) ?? _languages["en"];
            if (key.Audience != Audience.Student)
            {
                return words;
            }

            var view = new Dictionary<string, string>(words, StringComparer.Ordinal);
            foreach (var (name, text) in words.Where(w => w.Key.StartsWith(StudentPrefix, StringComparison.Ordinal)))
            {
                view[name[StudentPrefix.Length..]] = text;
            }

            return view;
        });

    /// <summary>A date in words, from the language's own month names and date pattern (no culture data needed).</summary>
    public string FormatDate(string language, DateTimeOffset date)
    {
        var months = For(language)["months"].Split(',');
        return Format(language, "dateFormat", ("day", date.Day), ("month", months[date.Month - 1]), ("year", date.Year));
    }

    /// <summary>One text with <c>{name}</c> placeholders filled in.</summary>
    public string Format(string language, string key, params (string Name, object Value)[] values) => Format(language, null, key, values);

    /// <summary>One text, as said to <paramref name="audience"/>, with <c>{name}</c> placeholders filled in.</summary>
    public string Format(string language, Audience? audience, string key, params (string Name, object Value)[] values)
    {
        var text = For(language, audience)[key];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }
}
