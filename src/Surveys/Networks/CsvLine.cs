using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// One data line of an imported file: its cells by column name and the errors found on it. Each cell gets at most
/// one error (the first found), so a cell refused as a formula is not also reported as, say, a bad email.
/// </summary>
internal sealed class CsvLine
{
    private readonly string[] _cells;
    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly List<ImportError> _errors;
    private readonly HashSet<string> _failedColumns = new(StringComparer.Ordinal);

    public CsvLine(int number, string[] cells, IReadOnlyDictionary<string, int> columns, List<ImportError> errors)
    {
        Number = number;
        _cells = cells;
        _columns = columns;
        _errors = errors;
        foreach (var (column, index) in columns)
        {
            if (FormulaStart(cells[index]) is { } start)
            {
                Fail(column, $"{Shown(cells[index])} starts with {start}, which spreadsheets run as a formula; remove it.");
            }
        }
    }

    /// <summary>The 1-based line of the file the record starts on (the header is line 1).</summary>
    public int Number { get; }

    public bool Failed => _failedColumns.Count > 0;

    /// <summary>The trimmed cell of a column; empty when the column is optional and absent from the file.</summary>
    public string this[string column] => _columns.TryGetValue(column, out var index) ? _cells[index].Trim() : "";

    /// <summary>Reports a problem with a cell, unless that cell already has one.</summary>
    public void Fail(string column, string message)
    {
        if (_failedColumns.Add(column))
        {
            _errors.Add(new ImportError(Number, column, message));
        }
    }

    /// <summary>A normalized email address (see <see cref="EmailAddresses"/>), or null after reporting why not.</summary>
    public string? Email(string column)
    {
        var text = this[column];
        if (EmailAddresses.TryNormalize(text, out var address))
        {
            return address;
        }

        Fail(column, text.Length == 0 ? "An email address is required." : $"{Shown(text)} is not a valid email address; write it plainly, like ann@school.org.");
        return null;
    }

    /// <summary>A school id that <paramref name="knownSchoolIds"/> has, or null after reporting why not.</summary>
    public string? KnownSchool(string column, IReadOnlySet<string> knownSchoolIds)
    {
        var id = this[column];
        if (knownSchoolIds.Contains(id))
        {
            return id;
        }

        Fail(column, id.Length == 0 ? "A school_id is required." : $"School {Shown(id)} is not a school of this network; import it in the school list first, or fix the id.");
        return null;
    }

    /// <summary>A value from the file as an error message quotes it: short, with control characters shown as '?'.</summary>
    public static string Shown(string value) => $"'{Printed(value)}'";

    /// <summary>A value from the file cut short, with control characters (line breaks included) shown as '?'.</summary>
    public static string Printed(string value)
    {
        const int MaxShown = 40;
        var cut = value.Length <= MaxShown ? value : value[..(char.IsHighSurrogate(value[MaxShown - 1]) ? MaxShown - 1 : MaxShown)] + "...";
        return new string([.. cut.Select(Printable)]);
    }

    /// <summary>
    /// Spreadsheets run a cell that starts with '=', '+', '@', a tab or a carriage return as a formula when a CSV is
    /// opened; an imported value can end up in a CSV report, so it is refused here. '=', '+' and '@' count after
    /// leading spaces too, because the import trims them away. A leading '-' is allowed, because names use it; ids,
    /// emails and numbers refuse it by their own rules, and a CSV writer should still escape what it writes.
    /// </summary>
    private static string? FormulaStart(string raw)
    {
        if (raw.Length > 0 && raw[0] is '\t' or '\r')
        {
            return raw[0] == '\t' ? "a tab" : "a carriage return";
        }

        var first = raw.TrimStart().FirstOrDefault();
        return first is '=' or '+' or '@' ? $"'{first}'" : null;
    }

    private static char Printable(char c) => char.IsControl(c) ? '?' : c;
}
