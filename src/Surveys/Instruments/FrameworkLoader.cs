using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Instruments;

internal static class FrameworkLoader
{
    public static Framework? Load(string folder, List<string> problems)
    {
        var start = problems.Count;
        var file = Catalog.Read(Path.Combine(folder, "framework.json"), CatalogJson.Default.FrameworkFile, problems);
        if (file is null)
        {
            return null;
        }

        var where = Path.Combine(folder, "framework.json");
        if (!Catalog.IsValidId(file.Id))
        {
            problems.Add($"{where}: id '{file.Id}' must be lowercase letters, digits and dashes");
        }

        if (file.Version < 1)
        {
            problems.Add($"{where}: version must be 1 or more");
        }

        var kinds = new Dictionary<string, DimensionKind>(StringComparer.Ordinal);
        foreach (var dimension in file.Dimensions)
        {
            if (!Catalog.IsValidId(dimension.Id))
            {
                problems.Add($"{where}: dimension id '{dimension.Id}' must be lowercase letters, digits and dashes");
            }
            else if (!Enum.TryParse<DimensionKind>(dimension.Kind.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var kind) || kind == DimensionKind.Scale)
            {
                problems.Add($"{where}: dimension '{dimension.Id}' has kind '{dimension.Kind}'; expected 'principle' or 'system-of-support'");
            }
            else if (!kinds.TryAdd(dimension.Id, kind))
            {
                problems.Add($"{where}: dimension '{dimension.Id}' is listed twice");
            }
        }

        if (file.Bands.Count == 0)
        {
            problems.Add($"{where}: at least one readiness band is needed");
        }

        for (var i = 1; i < file.Bands.Count; i++)
        {
            if (file.Bands[i].MinMean <= file.Bands[i - 1].MinMean)
            {
                problems.Add($"{where}: bands must be listed with increasing minMean ('{file.Bands[i].Id}' is not above '{file.Bands[i - 1].Id}')");
            }
        }

        var practices = file.Practices ?? [];
        foreach (var dimensionId in practices.Keys.Where(id => !kinds.ContainsKey(id)))
        {
            problems.Add($"{where}: practices are listed for unknown dimension '{dimensionId}'");
        }

        var bandIds = file.Bands.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (dimensionId, list) in practices)
        {
            var ids = list.Select(p => p.Id).ToList();
            foreach (var practice in list)
            {
                problems.AddRange((practice.Bands ?? []).Where(b => !bandIds.Contains(b)).Select(b => $"{where}: practice '{practice.Id}' fits unknown band '{b}'"));
                problems.AddRange((practice.After ?? []).Where(a => !ids.Contains(a)).Select(a => $"{where}: practice '{practice.Id}' comes after '{a}', which is not a practice of '{dimensionId}'"));
            }

            if (HasCycle(list.ToDictionary(p => p.Id, p => p.After ?? [], StringComparer.Ordinal)))
            {
                problems.Add($"{where}: the practices of '{dimensionId}' come after each other in a circle");
            }

            foreach (var band in bandIds.Where(b => list.Count > 0 && list.All(p => p.Bands is { Count: > 0 } fits && !fits.Contains(b))))
            {
                problems.Add($"{where}: no practice of '{dimensionId}' fits band '{band}'");
            }
        }

        var texts = new Dictionary<string, FrameworkTextFile>(StringComparer.Ordinal);
        foreach (var (language, path) in Catalog.TextFiles(folder))
        {
            var text = Catalog.Read(path, CatalogJson.Default.FrameworkTextFile, problems);
            if (text is null)
            {
                continue;
            }

            if (text.Language != language)
            {
                problems.Add($"{path}: says language '{text.Language}' but is named for '{language}'");
            }

            foreach (var id in kinds.Keys.Where(id => !text.Dimensions.ContainsKey(id)))
            {
                problems.Add($"{path}: no name for dimension '{id}'");
            }

            foreach (var band in file.Bands.Where(b => !text.Bands.ContainsKey(b.Id)))
            {
                problems.Add($"{path}: no label for band '{band.Id}'");
            }

            foreach (var id in practices.Values.SelectMany(p => p).Select(p => p.Id).Where(id => text.Practices?.ContainsKey(id) != true))
            {
                problems.Add($"{path}: no text for practice '{id}'");
            }

            // Owner, first step and evidence come for every practice or for none, so a report never shows them for some.
            var planned = text.Practices?.Values.Select(p => p.Owner is not null && p.FirstStep is not null && p.Evidence is not null).Distinct().Count() ?? 0;
            if (planned > 1)
            {
                problems.Add($"{path}: give owner, firstStep and evidence for every practice or for none");
            }

            texts[language] = text;
        }

        if (!texts.ContainsKey(LocalizedText.DefaultLanguage))
        {
            problems.Add($"{folder}: text.{LocalizedText.DefaultLanguage}.json is required");
        }

        if (problems.Count > start)
        {
            return null;
        }

        LocalizedText Text(Func<FrameworkTextFile, string> pick) =>
            new(texts.ToDictionary(t => t.Key, t => pick(t.Value), StringComparer.Ordinal));

        LocalizedText? Optional(Func<FrameworkTextFile, string?> pick) =>
            texts.Values.All(t => pick(t) is not null) ? Text(t => pick(t)!) : null;

        return new Framework(
            file.Id,
            file.Version,
            Text(t => t.Name),
            [.. file.Dimensions.Select(d => new Dimension(d.Id, kinds[d.Id], Text(t => t.Dimensions[d.Id].Name), Text(t => t.Dimensions[d.Id].Summary)))],
            [.. file.Bands.Select(b => new ReadinessBand(b.Id, b.MinMean, Text(t => t.Bands[b.Id].Label), Text(t => t.Bands[b.Id].Meaning)))],
            practices.ToDictionary(
                p => p.Key,
                p => (IReadOnlyList<Practice>)[.. p.Value.Select(practice => new Practice(practice.Id, Text(t => t.Practices![practice.Id].Title), Text(t => t.Practices![practice.Id].Description))
                {
                    Bands = practice.Bands ?? [],
                    After = practice.After ?? [],
                    Owner = Optional(t => t.Practices![practice.Id].Owner),
                    FirstStep = Optional(t => t.Practices![practice.Id].FirstStep),
                    Evidence = Optional(t => t.Practices![practice.Id].Evidence),
                })],
                StringComparer.Ordinal));
    }

    /// <summary>Whether following "comes after" from some practice leads back to it.</summary>
    private static bool HasCycle(Dictionary<string, List<string>> after)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new HashSet<string>(StringComparer.Ordinal);
        bool Visit(string id)
        {
            if (done.Contains(id) || !after.TryGetValue(id, out var earlier))
            {
                return false;
            }

            if (!path.Add(id))
            {
                return true;
            }

            var cycle = earlier.Any(Visit);
            path.Remove(id);
            done.Add(id);
            return cycle;
        }

        return after.Keys.Any(Visit);
    }
}
