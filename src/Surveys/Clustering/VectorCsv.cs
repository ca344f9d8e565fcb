using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

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

    /// <summary>Reads a whole file. Blank lines are skipped; a quoted cell may hold commas, quotes ("") and line breaks.</summary>
    /// <exception cref="FormatException">The file is empty, has no rows, or a line is ragged, has a cell over <see cref="MaxCellLength"/> characters or holds something other than a finite number; the message names the line.</exception>
    /// <remarks>
    /// Sep reads the cells as spans and parses numbers with csFastFloat (exact, like double.Parse): on 50,000 rows of
    /// ten numbers that is about a quarter of CsvHelper's time, which allocated a string per cell.
    /// </remarks>
    public static VectorTable Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = Sep.Reader(o => o with { Sep = new Sep(','), CultureInfo = CultureInfo.InvariantCulture, Unescape = true, DisableColCountCheck = true })
            .From(reader);
        if (csv.IsEmpty)
        {
            throw new FormatException("The file is empty; its first line must be a header naming the columns.");
        }

        var columns = csv.Header.ColNames.Select((name, i) => (i == 0 ? name.TrimStart('\uFEFF') : name).Trim()).ToArray();
        if (columns is [""])
        {
            throw new FormatException("Line 1 is blank; it must be the header naming the columns.");
        }

        if (columns.Any(c => c.Length > MaxCellLength))
        {
            throw new FormatException($"Line 1: a cell is longer than {MaxCellLength} characters.");
        }

        if (columns.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("Line 1 should be the header naming the columns, but it holds only numbers; add a header line.");
        }

        var rows = new List<double[]>();
        foreach (var cells in csv)
        {
            // Physical lines, blank ones included, so it is the line a person sees in an editor.
            var line = cells.LineNumberFrom;
            if (cells.Span.IsEmpty)
            {
                continue;
            }

            if (cells.ColCount != columns.Length)
            {
                throw new FormatException($"Line {line} has {cells.ColCount} cells but the header has {columns.Length}.");
            }

            var row = new double[columns.Length];
            for (var c = 0; c < row.Length; c++)
            {
                var cell = cells[c];
                if (cell.Span.Length > MaxCellLength)
                {
                    throw new FormatException($"Line {line}: a cell is longer than {MaxCellLength} characters.");
                }

                if (!cell.TryParse(out row[c]) || !double.IsFinite(row[c]))
                {
                    throw new FormatException($"Line {line}, column {c + 1} ({Shown(columns[c])}): '{Shown(cell.ToString())}' is not a number; write numbers like 3.25.");
                }
            }

            rows.Add(row);
        }

        return rows.Count == 0
            ? throw new FormatException("The file has a header but no rows.")
            : new VectorTable(columns, rows);
    }

    /// <summary>A cell as a message shows it: no control characters, at most 40 characters.</summary>
    private static string Shown(string text) => new([.. text.Where(c => !char.IsControl(c)).Take(40)]);

    private static string Quoted(string name) =>
        name.IndexOfAny(['"', ',', '\r', '\n']) >= 0 || name.Trim().Length != name.Length ? $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : name;
}
