using System.Globalization;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Surveys.Reports;

/// <summary>
/// Every word of the school reports, per language, from <c>Data/templates/reports/text.&lt;lang&gt;.json</c>: the
/// templates read them as <c>t.key</c>, the report builder formats its notes from them (<c>{name}</c> placeholders).
/// Every language file must have every key of the English one, checked when loaded.
/// </summary>
public sealed class ReportText
{
    private static readonly Lazy<ReportText> Shipped = new(() => Load(Path.Combine(Catalog.DefaultDirectory, "templates", "reports")));

    private readonly Dictionary<string, Dictionary<string, string>> _languages;

    private ReportText(Dictionary<string, Dictionary<string, string>> languages) => _languages = languages;

    /// <summary>The words shipped beside the application.</summary>
    public static ReportText Default => Shipped.Value;

    /// <summary>Languages reports can be written in, English first.</summary>
    public IReadOnlyList<string> Languages => [.. _languages.Keys.OrderBy(l => l == "en" ? "" : l, StringComparer.Ordinal)];

    public static ReportText Load(string folder) => new(Catalog.LoadTexts(folder));

    /// <summary>The words in <paramref name="language"/>, English where that language has no report text.</summary>
    public IReadOnlyDictionary<string, string> For(string language) => _languages.GetValueOrDefault(language) ?? _languages["en"];

    public bool Has(string language) => _languages.ContainsKey(language);

    /// <summary>A number as reports show it in words: one decimal, invariant culture.</summary>
    public static string OneDecimal(double value) => value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One text with its <c>{name}</c> placeholders filled (numbers in the invariant culture).</summary>
    public string Format(string language, string key, params (string Name, object Value)[] values)
    {
        var text = For(language).TryGetValue(key, out var found) ? found : throw new KeyNotFoundException($"No report text '{key}'.");
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    public string this[string language, string key] => Format(language, key);
}
