namespace ReadinessPipeline.Models;

/// <summary>A piece of text in every language it was written in, keyed by language code ("en", "es").</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Values)
{
    public const string DefaultLanguage = "en";

    public static LocalizedText Of(string english) => new(new Dictionary<string, string> { [DefaultLanguage] = english });

    public IEnumerable<string> Languages => Values.Keys;

    /// <summary>The text in <paramref name="language"/>, falling back to English.</summary>
    public string In(string language) =>
        Values.TryGetValue(language, out var text) ? text
        : Values.TryGetValue(DefaultLanguage, out var english) ? english
        : Values.Values.First();

    public bool Has(string language) => Values.ContainsKey(language);

    public override string ToString() => In(DefaultLanguage);
}
