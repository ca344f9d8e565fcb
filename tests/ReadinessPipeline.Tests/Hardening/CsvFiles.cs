using CsCheck;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>One kind of import: its endpoint, its parser, its header and a valid value for each column.</summary>
internal sealed record CsvKind(string Name, Func<string, ImportResult<object>> Parse, IReadOnlyList<(string Column, Gen<string> Valid)> Columns)
{
    public string Header => string.Join(',', Columns.Select(c => c.Column));

    private const string Network = "hardening";

    /// <summary>The known school ids roster and opt-out files refer to.</summary>
    public static readonly string[] Schools = ["school-01", "school-02"];

    private static readonly HashSet<string> KnownSchools = [.. Schools];

    private static readonly Gen<string> Email = Gen.Select(Gen.Char['a', 'z'].Array[1, 8], Gen.Int[0, 99], (name, n) => $"{new string(name)}{n}@district.example");

    public static readonly CsvKind SchoolList = new("schools", text => Rows(SchoolCsv.Parse(new StringReader(text), Network)), [
        ("school_id", Gen.Select(Gen.Char['a', 'z'].Array[1, 6], Gen.Int[0, 999], (name, n) => $"{new string(name)}-{n}")),
        ("name", Gen.OneOfConst("Lincoln Elementary", "Adams Middle", "- Dearborn -", "O'Brien \"North\" Academy, East")),
        ("district", Gen.OneOfConst("Springfield", "Boston Public Schools")),
        ("grade_span", Gen.OneOfConst("K-5", "6-8", "9-12", "PK-8", "3")),
        ("design_team_emails", Gen.Select(Email, Email, (a, b) => $"{a};{b}")),
        ("expected_students", Gen.OneOfConst("", "40", "1200")),
    ]);

    public static readonly CsvKind Roster = new("roster", text => Rows(RosterCsv.Parse(new StringReader(text), Network, KnownSchools)), [
        ("school_id", Gen.OneOfConst(Schools)),
        ("email", Email),
        ("role", Gen.OneOfConst("teacher", "support", "administrator", "admin")),
    ]);

    public static readonly CsvKind OptOuts = new("opt-outs", text => Rows(OptOutCsv.Parse(new StringReader(text), Network, KnownSchools)), [
        ("school_id", Gen.OneOfConst(Schools)),
        ("email", Email),
    ]);

    /// <summary>Every import (declared after the kinds it lists: static fields start in order).</summary>
    public static readonly CsvKind[] All = [SchoolList, Roster, OptOuts];

    public static CsvKind Named(string name) => All.Single(k => k.Name == name);

    public override string ToString() => Name;

    private static ImportResult<object> Rows<T>(ImportResult<T> result)
        where T : class => new([.. result.Rows], result.Errors);
}

/// <summary>A generated file: its text, and where (line, column) a cell that must be refused was put, if anywhere.</summary>
internal sealed record CsvFile(string Text, IReadOnlyList<(int Line, string Column)> Refusable)
{
    public override string ToString() => Hostile.Show(Text);
}

/// <summary>
/// CSV files for the import properties: valid rows with hostile cells mixed in (quoted as CSV requires, or not),
/// formula cells that must be refused, and plain garbage.
/// </summary>
internal static class CsvFiles
{
    /// <summary>A cell that starts like a spreadsheet formula: every import must refuse it.</summary>
    private static readonly Gen<string> Formula = Gen.Select(Gen.OneOfConst("=", "+", "@", "\t", "\r", "  =", "\u00a0+"), Hostile.AwkwardText, (start, rest) => start + "1" + rest);

    /// <summary>A header and one to six rows. Each cell is valid, hostile, huge, or a formula (remembered as refusable).</summary>
    public static Gen<CsvFile> Structured(CsvKind kind) =>
        Gen.Select(All([.. kind.Columns.Select(c => Cell(c.Valid))]), Gen.Bool).Array[1, 6].Select(rows => Build(kind, rows));

    /// <summary>Any text at all, from garbage to a header followed by hostile lines.</summary>
    public static Gen<string> Garbage(CsvKind kind) => Gen.OneOf(
        Hostile.Text,
        Hostile.Text.Array[0, 6].Select(lines => string.Join('\n', lines)),
        Hostile.Text.Array[1, 6].Select(lines => kind.Header + "\n" + string.Join("\r\n", lines)));

    private static Gen<(string Text, bool Refusable)> Cell(Gen<string> valid) => Gen.Frequency(
        (6, valid.Select(v => (v, false))),
        (2, Hostile.Text.Select(v => (v, false))),
        (1, Gen.OneOfConst(Hostile.PathLikeIds).Select(v => (v, false))),
        (1, Gen.Const((new string('x', 100_000), false))),
        (2, Formula.Select(v => (v, true))));

    private static CsvFile Build(CsvKind kind, IEnumerable<((string Text, bool Refusable)[] Cells, bool Quote)> rows)
    {
        var lines = new List<string> { kind.Header };
        var refusable = new List<(int, string)>();
        var line = 1;
        foreach (var (cells, quote) in rows)
        {
            line++;
            lines.Add(string.Join(',', cells.Select(c => quote || c.Text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? Quoted(c.Text) : c.Text)));
            refusable.AddRange(cells.Select((c, i) => (c, i)).Where(x => x.c.Refusable).Select(x => (line, kind.Columns[x.i].Column)));
            line += cells.Sum(c => LineBreaks(c.Text));
        }

        return new CsvFile(string.Join('\n', lines) + "\n", refusable);
    }

    /// <summary>One value from each generator, in order.</summary>
    private static Gen<T[]> All<T>(IReadOnlyList<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (cells, cell) => Gen.Select(cells, cell, (values, value) => (T[])[.. values, value]));

    private static string Quoted(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Line breaks in a text as CSV counts them: CRLF, CR and LF each end a line.</summary>
    public static int LineBreaks(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r');
}
