namespace ReadinessPipeline.Surveys.Networks;

/// <summary>Remembers the line each key of an import first appeared on, so a repeat can be refused naming it.</summary>
internal sealed class FirstLines<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _lines = [];

    /// <summary>Records the key's first line; a repeat is reported on <paramref name="line"/> as "{what} is already on line N".</summary>
    public void Claim(CsvLine line, string column, TKey key, string what)
    {
        if (!_lines.TryAdd(key, line.Number))
        {
            line.Fail(column, $"{what} is already on line {_lines[key]}.");
        }
    }
}
