using System.Text.Json;
using System.Text.RegularExpressions;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Instruments;

/// <summary>Every framework and instrument the product knows, loaded from the data folder and validated once at start.</summary>
public sealed partial class Catalog
{
    private readonly Dictionary<string, Framework> _frameworks;
    private readonly Dictionary<string, Instrument> _instruments;

    private Catalog(Dictionary<string, Framework> frameworks, Dictionary<string, Instrument> instruments)
    {
        _frameworks = frameworks;
        _instruments = instruments;
    }

    /// <summary>The data folder shipped beside the application.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Data");

    public IReadOnlyCollection<Framework> Frameworks => _frameworks.Values;

    public IReadOnlyCollection<Instrument> Instruments => _instruments.Values;

    public static Catalog LoadDefault() => Load(DefaultDirectory);

    /// <summary>Loads <c>frameworks/&lt;id&gt;/</c> and <c>instruments/&lt;id&gt;/v&lt;n&gt;/</c> under <paramref name="directory"/>; every problem found is reported at once.</summary>
    public static Catalog Load(string directory)
    {
        var problems = new List<string>();
        var frameworks = new Dictionary<string, Framework>(StringComparer.Ordinal);
        var instruments = new Dictionary<string, Instrument>(StringComparer.Ordinal);

        var frameworkRoot = Path.Combine(directory, "frameworks");
        var instrumentRoot = Path.Combine(directory, "instruments");
        if (!Directory.Exists(frameworkRoot) || !Directory.Exists(instrumentRoot))
        {
            throw new CatalogException([$"{directory} must contain 'frameworks' and 'instruments' folders"]);
        }

        foreach (var folder in Directory.GetDirectories(frameworkRoot).Order(StringComparer.Ordinal))
        {
            var framework = FrameworkLoader.Load(folder, problems);
            if (framework is not null && !frameworks.TryAdd(framework.Id, framework))
            {
                problems.Add($"{folder}: framework '{framework.Id}' is defined twice");
            }
        }

        foreach (var folder in Directory.GetDirectories(instrumentRoot).SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal))
        {
            var instrument = InstrumentLoader.Load(folder, frameworks, problems);
            if (instrument is not null && !instruments.TryAdd(instrument.Key, instrument))
            {
                problems.Add($"{folder}: instrument '{instrument.Key}' is defined twice");
            }
        }

        if (problems.Count > 0)
        {
            throw new CatalogException(problems);
        }

        return new Catalog(frameworks, instruments);
    }

    public Framework Framework(string id) =>
        _frameworks.TryGetValue(id, out var framework) ? framework : throw new KeyNotFoundException($"Unknown framework '{id}'.");

    public Framework FrameworkOf(Instrument instrument) => Framework(instrument.FrameworkId);

    /// <summary>The instrument with this id and version, or null.</summary>
    public Instrument? Find(string id, int version) => _instruments.GetValueOrDefault($"{id}@{version}");

    /// <summary>The newest version of an instrument, or null when the id is unknown.</summary>
    public Instrument? Latest(string id) =>
        _instruments.Values.Where(i => i.Id == id).MaxBy(i => i.Version);

    internal static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    internal static T? Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, List<string> problems)
        where T : class
    {
        try
        {
            using var stream = File.OpenRead(path);
            var value = JsonSerializer.Deserialize(stream, type);
            if (value is null)
            {
                problems.Add($"{path}: file is empty");
            }

            return value;
        }
        catch (FileNotFoundException)
        {
            problems.Add($"{path}: file is missing");
        }
        catch (JsonException e)
        {
            problems.Add($"{path}: {e.Message}");
        }

        return null;
    }

    /// <summary>Text files of a folder keyed by language, from their names (<c>text.es.json</c>).</summary>
    internal static IEnumerable<(string Language, string Path)> TextFiles(string folder) =>
        Directory.GetFiles(folder, "text.*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path)["text.".Length..^".json".Length], path));

    /// <summary>
    /// The <c>text.&lt;lang&gt;.json</c> files of one folder as words per language; English is required and every
    /// other language must have every English key, so a page or report never falls back word by word.
    /// </summary>
    internal static Dictionary<string, Dictionary<string, string>> LoadTexts(string folder)
    {
        var languages = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (language, path) in TextFiles(folder))
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
        return problems.Count > 0 ? throw new CatalogException(problems) : languages;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();
}

/// <summary>The data files are not a valid catalog; <see cref="Problems"/> lists each problem with its file.</summary>
public sealed class CatalogException(IReadOnlyList<string> problems)
    : Exception("The survey catalog is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
