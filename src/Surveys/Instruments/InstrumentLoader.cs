using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Instruments;

internal static class InstrumentLoader
{
    /// <summary>Answers are stored one hex digit per item, 0 meaning "not answered" and 15 "don't know", so scales live within 1..14.</summary>
    public const int LowestAnswer = 1;
    public const int HighestAnswer = Item.DontKnowCode - 1;

    public static Instrument? Load(string folder, IReadOnlyDictionary<string, Framework> frameworks, List<string> problems)
    {
        var start = problems.Count;
        var where = Path.Combine(folder, "instrument.json");
        var file = Catalog.Read(where, CatalogJson.Default.InstrumentFile, problems);
        if (file is null)
        {
            return null;
        }

        if (!Catalog.IsValidId(file.Id))
        {
            problems.Add($"{where}: id '{file.Id}' must be lowercase letters, digits and dashes");
        }

        if (Path.GetFileName(folder) != $"v{file.Version}" || Path.GetFileName(Path.GetDirectoryName(folder)) != file.Id)
        {
            problems.Add($"{where}: instrument '{file.Id}' version {file.Version} must live in instruments/{file.Id}/v{file.Version}/");
        }

        if (!Enum.TryParse<Audience>(file.Audience, ignoreCase: true, out var audience))
        {
            problems.Add($"{where}: audience '{file.Audience}' must be 'staff' or 'student'");
        }

        if (file.Scale.Min < LowestAnswer || file.Scale.Max > HighestAnswer || file.Scale.Max <= file.Scale.Min)
        {
            problems.Add($"{where}: scale {file.Scale.Min}..{file.Scale.Max} must satisfy {LowestAnswer} <= min < max <= {HighestAnswer}");
        }

        if (!frameworks.TryGetValue(file.Framework, out var framework))
        {
            problems.Add($"{where}: unknown framework '{file.Framework}'");
            return null;
        }

        var scaleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scale in file.Scales ?? [])
        {
            if (!Catalog.IsValidId(scale.Id) || framework.FindDimension(scale.Id) is not null || !scaleIds.Add(scale.Id))
            {
                problems.Add($"{where}: scale '{scale.Id}' must be a new, unique id (not a framework dimension)");
            }
        }

        var itemIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in file.Items)
        {
            if (!Catalog.IsValidId(item.Id) || !itemIds.Add(item.Id))
            {
                problems.Add($"{where}: item id '{item.Id}' is invalid or repeated");
            }

            if (framework.FindDimension(item.Dimension) is null && !scaleIds.Contains(item.Dimension))
            {
                problems.Add($"{where}: item '{item.Id}' scores unknown dimension '{item.Dimension}'");
            }

            var (min, max) = (item.Min ?? file.Scale.Min, item.Max ?? file.Scale.Max);
            if (min < LowestAnswer || max > HighestAnswer || max <= min)
            {
                problems.Add($"{where}: item '{item.Id}' scale {min}..{max} is invalid");
            }

            if (item.Labels is not null && (item.Min is not null || item.Max is not null))
            {
                problems.Add($"{where}: item '{item.Id}' has its own labels, so it must use the instrument's scale");
            }

            if (item.Parallel is { } parallel && !Catalog.IsValidId(parallel))
            {
                problems.Add($"{where}: item '{item.Id}' has parallel key '{parallel}'; use lowercase letters, digits and dashes");
            }
        }

        if (file.Items.Count == 0)
        {
            problems.Add($"{where}: an instrument needs at least one item");
        }

        foreach (var scale in scaleIds.Where(id => file.Items.All(i => i.Dimension != id)))
        {
            problems.Add($"{where}: scale '{scale}' has no items");
        }

        var prompts = file.OpenPrompts ?? [];
        foreach (var prompt in prompts.Where(p => !Catalog.IsValidId(p.Id) || itemIds.Contains(p.Id) || p.MaxLength is < 1 or > 10_000))
        {
            problems.Add($"{where}: open prompt '{prompt.Id}' needs a unique id and a maxLength from 1 to 10000");
        }

        var labelCount = file.Scale.Max - file.Scale.Min + 1;
        var texts = new Dictionary<string, InstrumentTextFile>(StringComparer.Ordinal);
        foreach (var (language, path) in Catalog.TextFiles(folder))
        {
            var text = Catalog.Read(path, CatalogJson.Default.InstrumentTextFile, problems);
            if (text is null)
            {
                continue;
            }

            if (text.Language != language)
            {
                problems.Add($"{path}: says language '{text.Language}' but is named for '{language}'");
            }

            if (!framework.Name.Has(language))
            {
                problems.Add($"{path}: framework '{framework.Id}' has no text in '{language}'");
            }

            if (text.ScaleLabels.Count != labelCount)
            {
                problems.Add($"{path}: {text.ScaleLabels.Count} scale labels for a {labelCount}-point scale");
            }

            foreach (var set in file.Items.Select(i => i.Labels).OfType<string>().Distinct())
            {
                if (text.LabelSets?.GetValueOrDefault(set) is not { } labels)
                {
                    problems.Add($"{path}: no labels for label set '{set}'");
                }
                else if (labels.Count != labelCount)
                {
                    problems.Add($"{path}: label set '{set}' has {labels.Count} labels for a {labelCount}-point scale");
                }
            }

            problems.AddRange((text.LabelSets?.Keys.ToList() ?? []).Where(set => file.Items.All(i => i.Labels != set)).Select(set => $"{path}: label set '{set}' is used by no item"));
            problems.AddRange(itemIds.Where(id => !text.Items.ContainsKey(id)).Select(id => $"{path}: no text for item '{id}'"));
            problems.AddRange(text.Items.Keys.Where(id => !itemIds.Contains(id)).Select(id => $"{path}: text for unknown item '{id}'"));
            problems.AddRange(prompts.Where(p => text.OpenPrompts?.ContainsKey(p.Id) != true).Select(p => $"{path}: no text for open prompt '{p.Id}'"));
            problems.AddRange(scaleIds.Where(id => text.Scales?.ContainsKey(id) != true).Select(id => $"{path}: no name for scale '{id}'"));
            var dimensionIds = file.Items.Select(i => i.Dimension).ToHashSet(StringComparer.Ordinal);
            if (text.Sections is { } sections)
            {
                problems.AddRange(dimensionIds.Where(id => !sections.ContainsKey(id)).Select(id => $"{path}: sections has no heading for '{id}' (give every section a heading, or none)"));
                problems.AddRange(sections.Keys.Where(id => !dimensionIds.Contains(id)).Select(id => $"{path}: heading for unknown section '{id}'"));
            }

            texts[language] = text;
        }

        if (!texts.ContainsKey(LocalizedText.DefaultLanguage))
        {
            problems.Add($"{folder}: text.{LocalizedText.DefaultLanguage}.json is required");
        }

        if (texts.Values.Select(t => t.Sections is null).Distinct().Count() > 1)
        {
            problems.Add($"{folder}: section headings must be given in every language or in none");
        }

        if (problems.Count > start)
        {
            return null;
        }

        LocalizedText Text(Func<InstrumentTextFile, string> pick) =>
            new(texts.ToDictionary(t => t.Key, t => pick(t.Value), StringComparer.Ordinal));

        var usedDimensions = file.Items.Select(i => i.Dimension).ToHashSet(StringComparer.Ordinal);
        var dimensions = framework.Dimensions.Where(d => usedDimensions.Contains(d.Id))
            .Concat((file.Scales ?? []).Select(s => new Dimension(s.Id, DimensionKind.Scale, Text(t => t.Scales![s.Id].Name), Text(t => t.Scales![s.Id].Summary))))
            .ToList();

        return new Instrument(
            file.Id,
            file.Version,
            framework.Id,
            audience,
            file.GradeBand,
            Text(t => t.Title),
            Text(t => t.Introduction),
            [.. Enumerable.Range(0, labelCount).Select(i => Text(t => t.ScaleLabels[i]))],
            dimensions,
            [.. file.Items.Select(i => new Item(i.Id, i.Dimension, i.Reverse, i.Min ?? file.Scale.Min, i.Max ?? file.Scale.Max, Text(t => t.Items[i.Id]), i.Required)
            {
                DontKnow = i.DontKnow,
                Parallel = i.Parallel,
                Labels = i.Labels is { } set ? [.. Enumerable.Range(0, labelCount).Select(n => Text(t => t.LabelSets![set][n]))] : null,
            })],
            [.. prompts.Select(p => new OpenPrompt(p.Id, p.MaxLength, Text(t => t.OpenPrompts![p.Id])))],
            [.. texts.Keys.Order(StringComparer.Ordinal)],
            texts.Values.All(t => t.Sections is not null)
                ? dimensions.ToDictionary(d => d.Id, d => Text(t => t.Sections![d.Id]), StringComparer.Ordinal)
                : null);
    }
}
