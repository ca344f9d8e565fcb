using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ReadinessPipeline.Surveys.Clustering;

/// <summary>Rows of numbers with a name per column: clustering inputs as read from, or saved to, a CSV file.</summary>
public sealed record VectorTable(IReadOnlyList<string> Columns, IReadOnlyList<double[]> Rows);

/// <summary>
/// Clustering inputs as CSV: a header line of column names, then one line per row with one number per column,
/// invariant culture ("3.5", not "3,5"). Numbers are written in round-trip form, so reading a saved file back gives
/// the same doubles bit for bit, and clustering them again gives the same result.
/// </summary>
public static class VectorCsv
{
    /// <summary>Longest cell read, in characters (a column name, or a number).</summary>
    public const int MaxCellLength = 4096;

    /// <summary>The CSV as UTF-8 bytes (no byte order mark, "\n" line ends).</summary>
    public static byte[] Write(VectorTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns.Select(Quoted)).Append('\n');
        foreach (var row in table.Rows)
        {
            if (row.Length != table.Columns.Count)
            {
                throw new ArgumentException($"A row has {row.Length} values for {table.Columns.Count} columns.", nameof(table));
            }

            text.AppendJoin(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a whole file. Blank lines are skipped.</summary>
    /// <exception cref="FormatException">The file is empty, has no rows, or a line is ragged, has a cell over <see cref="MaxCellLength"/> characters or holds something other than a finite number; the message names the line.</exception>
    public static VectorTable Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ",",
            BadDataFound = args => throw new FormatException($"Line {args.Context.Parser?.RawRow}: a quote (\") is out of place."),
            ExceptionMessagesContainRawData = false,
            MaxFieldSize = MaxCellLength,
        };
        using var parser = new CsvParser(reader, configuration, leaveOpen: true);
        if (!Read(parser))
        {
            throw new FormatException("The file is empty; its first line must be a header naming the columns.");
        }

        var columns = parser.Record!.Select((name, i) => (i == 0 ? name.TrimStart('\uFEFF') : name).Trim()).ToArray();
        if (columns.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"Line {parser.RawRow} should be the header naming the columns, but it holds only numbers; add a header line.");
        }

        var rows = new List<double[]>();
        while (Read(parser))
        {
            // RawRow counts physical lines, blank ones included, so it is the line a person sees in an editor.
            var line = parser.RawRow;
            var cells = parser.Record!;
            if (cells.Length != columns.Length)
            {
                throw new FormatException($"Line {line} has {cells.Length} cells but the header has {columns.Length}.");
            }

            var row = new double[cells.Length];
            for (var c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]) || !double.IsFinite(row[c]))
                {
                    throw new FormatException($"Line {line}, column {c + 1} ({Shown(columns[c])}): '{Shown(cells[c])}' is not a number; write numbers like 3.25.");
                }
            }

            rows.Add(row);
        }

        return rows.Count == 0
            ? throw new FormatException("The file has a header but no rows.")
            : new VectorTable(columns, rows);
    }

    private static bool Read(CsvParser parser)
    {
        try
        {
            return parser.Read();
        }
        catch (MaxFieldSizeException)
        {
            throw new FormatException($"Line {parser.RawRow}: a cell is longer than {MaxCellLength} characters.");
        }
    }

    /// <summary>A cell as a message shows it: no control characters, at most 40 characters.</summary>
    private static string Shown(string text) => new([.. text.Where(c => !char.IsControl(c)).Take(40)]);

    private static string Quoted(string name) =>
        name.IndexOfAny(['"', ',', '\r', '\n']) >= 0 || name.Trim().Length != name.Length ? $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : name;
}
