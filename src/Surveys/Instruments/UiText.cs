using System.Text.Json;

namespace ReadinessPipeline.Surveys.Instruments;

/// <summary>
/// The words of the survey pages themselves (buttons, errors, closed pages) per language, from
/// <c>Data/ui/text.&lt;lang&gt;.json</c>. Every language must have every key the English file has.
/// </summary>
public sealed class UiText
{
    private readonly Dictionary<string, Dictionary<string, string>> _languages;

    private UiText(Dictionary<string, Dictionary<string, string>> languages) => _languages = languages;

    public IReadOnlyCollection<string> Languages => _languages.Keys;

    public static UiText LoadDefault() => Load(Catalog.DefaultDirectory);

    public static UiText Load(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "ui");
        var languages = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (language, path) in Catalog.TextFiles(folder))
        {
            languages[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? throw new CatalogException([$"{path}: file is empty"]);
        }

        if (!languages.TryGetValue("en", out var english))
        {
            throw new CatalogException([$"{folder}: text.en.json is required"]);
        }

        var problems = languages
            .SelectMany(l => english.Keys.Where(k => !l.Value.ContainsKey(k)).Select(k => $"{folder}/text.{l.Key}.json: no text for '{k}'"))
            .ToList();
        return problems.Count > 0 ? throw new CatalogException(problems) : new UiText(languages);
    }

    /// <summary>The words for <paramref name="language"/>, or English when that language has no page text.</summary>
    public IReadOnlyDictionary<string, string> For(string language) => _languages.GetValueOrDefault(language) ?? _languages["en"];

    /// <summary>A date in words, from the language's own month names and date pattern (no culture data needed).</summary>
    public string FormatDate(string language, DateTimeOffset date)
    {
        var months = For(language)["months"].Split(',');
        return Format(language, "dateFormat", ("day", date.Day), ("month", months[date.Month - 1]), ("year", date.Year));
    }

    /// <summary>One text with <c>{name}</c> placeholders filled in.</summary>
    public string Format(string language, string key, params (string Name, object Value)[] values)
    {
        var text = For(language)[key];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }
}
