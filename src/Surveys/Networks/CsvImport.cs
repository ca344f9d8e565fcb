using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// The parts every CSV import shares: reading records with CsvHelper, the header check, line numbers, limits and
/// the all-or-nothing result. Each import supplies its columns and a function that turns one line into a row.
/// </summary>
internal static class CsvImport
{
    /// <summary>
    /// Reads a whole file. <paramref name="readLine"/> gets each non-blank data line and returns its row, or null
    /// after reporting what is wrong on the line. Blank lines, and lines whose cells are all empty (spreadsheets
    /// write those for formatted but empty rows), are skipped.
    /// </summary>
    public static ImportResult<T> Read<T>(TextReader reader, CsvColumns columns, ImportLimits limits, Func<CsvLine, T?> readLine)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxCharacters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxErrors, 1);

        using var bounded = new BoundedReader(reader, limits.MaxCharacters);
        var badQuote = false;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ",",
            BadDataFound = _ => badQuote = true,
            ExceptionMessagesContainRawData = false,
        };
        using var parser = new CsvParser(bounded, configuration, leaveOpen: true);
        var records = new Records(parser);

        var errors = new List<ImportError>();
        if (!records.ReadNonBlank())
        {
            return bounded.Exceeded ? TooLong<T>(limits) : Refused<T>(new(1, null, $"The file is empty; its first line must be the header: {columns}."));
        }

        var headerLine = records.Line;
        var header = ReadHeader(records.Cells, headerLine, columns, errors);
        if (badQuote)
        {
            errors.Add(MisplacedQuote(headerLine));
        }

        if (header is null || errors.Count > 0)
        {
            return new([], errors);
        }

        var rows = new List<T>();
        var dataRecords = 0;
        var dataLines = 0;
        while (records.Read())
        {
            var number = records.Line;
            if (++dataRecords > limits.MaxRows)
            {
                return Refused<T>(new(number, null, $"The file has more than {limits.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows; split it into smaller files."));
            }

            var cells = records.Cells;
            if (badQuote)
            {
                badQuote = false;
                errors.Add(MisplacedQuote(number));
            }
            else if (records.IsBlank)
            {
                continue;
            }
            else if (cells.Length != header.Count)
            {
                errors.Add(new(number, null, $"This line has {cells.Length} cells but the header has {header.Count}; a cell with a comma in it must be wrapped in quotes."));
            }
            else if (readLine(new CsvLine(number, cells, header, errors)) is { } row)
            {
                rows.Add(row);
            }

            dataLines++;
            if (errors.Count > limits.MaxErrors)
            {
                errors.RemoveRange(limits.MaxErrors, errors.Count - limits.MaxErrors);
                errors.Add(new(number, null, $"More than {limits.MaxErrors} errors; reading stopped at this line. Fix these and import the file again."));
                break;
            }
        }

        if (bounded.Exceeded)
        {
            return TooLong<T>(limits);
        }

        if (dataLines == 0)
        {
            return Refused<T>(new(headerLine, null, "The file has a header but no rows."));
        }

        return errors.Count == 0 ? new(rows, []) : new([], errors);
    }

    /// <summary>Maps each known column to its cell index; reports unknown, unnamed, repeated and missing columns.</summary>
    private static Dictionary<string, int>? ReadHeader(string[] cells, int line, CsvColumns columns, List<ImportError> errors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Length; i++)
        {
            // A byte order mark the caller's reader did not strip would otherwise glue itself to the first name.
            var name = (i == 0 ? cells[i].TrimStart('\uFEFF') : cells[i]).Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                errors.Add(new(line, null, $"Column {i + 1} of the header has no name; name it or remove the column."));
            }
            else if (!columns.Contains(name))
            {
                errors.Add(new(line, CsvLine.Printed(name), $"Unknown column {CsvLine.Shown(name)}; the header must be: {columns}."));
            }
            else if (!index.TryAdd(name, i))
            {
                errors.Add(new(line, name, $"The column is in the header twice (columns {index[name] + 1} and {i + 1})."));
            }
        }

        var missing = columns.Required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            var what = missing.Count == 1 ? "column" : "columns";
            errors.Add(new(line, null, $"The header is missing the required {what} {string.Join(", ", missing)}; the header must be: {columns}."));
        }

        return errors.Count == 0 ? index : null;
    }

    private static ImportError MisplacedQuote(int line) =>
        new(line, null, "A quote (\") is out of place: a cell with quotes, commas or line breaks must be wrapped in quotes, with each quote inside it doubled (\"\").");

    private static ImportResult<T> TooLong<T>(ImportLimits limits) =>
        Refused<T>(new(1, null, $"The file is longer than {limits.MaxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters; split it into smaller files."));

    private static ImportResult<T> Refused<T>(ImportError error) => new([], [error]);

    /// <summary>CsvHelper's records, each with the line of the file it starts on.</summary>
    private sealed class Records(CsvParser parser)
    {
        private int _breaksInQuotes;

        public int Line { get; private set; }

        public string[] Cells { get; private set; } = [];

        public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);

        public bool Read()
        {
            if (!parser.Read())
            {
                return false;
            }

            // Row counts records and skipped blank lines; RawRow also counts line breaks inside quoted cells. Their
            // difference after the previous record is the number of such breaks before this one.
            Line = parser.Row + _breaksInQuotes;
            _breaksInQuotes = parser.RawRow - parser.Row;
            Cells = parser.Record ?? [];
            return true;
        }

        public bool ReadNonBlank()
        {
            while (Read())
            {
                if (!IsBlank)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
