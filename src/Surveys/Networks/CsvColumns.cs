namespace ReadinessPipeline.Surveys.Networks;

/// <summary>The header one kind of import accepts: lowercase column names, in the order the documentation lists them.</summary>
internal sealed record CsvColumns(IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public bool Contains(string name) => Required.Contains(name) || Optional.Contains(name);

    /// <summary>The header as an error message shows it: "a,b,c (optional: d)".</summary>
    public override string ToString() =>
        Optional.Count == 0 ? string.Join(',', Required) : $"{string.Join(',', Required)} (optional: {string.Join(',', Optional)})";
}
