using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>A command that reads a CSV file: its header, a valid row for a line number, and its arguments for a path.</summary>
internal sealed record CliTarget(string Name, string[] Header, Func<int, Gen<string[]>> Row, Func<string, string[]> Args, bool Remote)
{
    public override string ToString() => Name;
}

/// <summary>A file to give a command: its bytes, the line a message must name (when there is one), and how it was made.</summary>
internal sealed record BadFile(string What, byte[] Bytes, int? Line)
{
    public override string ToString() => $"{What} (line {Line?.ToString(CultureInfo.InvariantCulture) ?? "-"}): {Hostile.Show(Encoding.UTF8.GetString(Bytes[..Math.Min(Bytes.Length, 400)]))}";
}

/// <summary>
/// The command line on bad files and paths. <c>score</c>, <c>cluster</c> and the schools, roster and opt-out imports
/// get arbitrary bytes (NUL, invalid UTF-8, UTF-16 with and without a byte order mark, Latin-1), 5 MB cells, empty and
/// header-only files, wrong delimiters, ragged rows and stray quotes, made from otherwise valid files; and missing
/// files, folders, paths under a file, over-long names and unreadable files. Each exits with 1 and prints one message
/// on stderr that names the file (and the line, where the fault is on one), never a stack trace or an exception name,
/// and nothing on stdout; <c>score --output</c> and <c>rounds export --output</c> are left exactly as they were.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliInputProperties(HardeningApp app) : IClassFixture<HardeningApp>, IDisposable
{
    private const int LocalIterations = 150;
    private const int RemoteIterations = 50;
    private const int HugeCell = 5 * 1024 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("cli-input-").FullName;

    private static readonly Gen<string> Answer = Gen.Frequency((5, Gen.Int[1, 5].Select(n => n.ToString(CultureInfo.InvariantCulture))), (1, Gen.Const("")));

    private static readonly Gen<string> Number = Gen.Double[-100, 100].Select(d => d.ToString("R", CultureInfo.InvariantCulture));

    private static readonly CliTarget Score = new(
        "score",
        ["respondent_id", "school_id", "competency-1", "competency-2", "competency-3"],
        line => Gen.Select(Gen.OneOfConst("school-a", "school-b", "École Nord, East"), Answer, Answer, Answer, (school, a, b, c) => (string[])[$"r{line}", school, a, b, c]),
        path => ["score", "--instrument", "staff-readiness", "--input", path, "--format", "json"],
        Remote: false);

    private static readonly CliTarget Cluster = new(
        "cluster",
        ["x", "y", "z"],
        _ => Gen.Select(Number, Number, Number, (x, y, z) => (string[])[x, y, z]),
        path => ["cluster", "--input", path, "--k", "2", "--format", "json"],
        Remote: false);

    private static CliTarget Import(CsvKind kind, string uniqueColumn, Func<int, string> unique) => new(
        kind.Name,
        [.. kind.Columns.Select(c => c.Column)],
        line => kind.Columns.Aggregate(Gen.Const(Array.Empty<string>()), (cells, column) => Gen.Select(cells, column.Column == uniqueColumn ? Gen.Const(unique(line)) : column.Valid, (values, value) => (string[])[.. values, value])),
        path => [kind.Name, "import", path],
        Remote: true);

    private static readonly CliTarget[] Targets =
    [
        Score,
        Cluster,
        Import(CsvKind.SchoolList, "school_id", line => $"cli-school-{line}"),
        Import(CsvKind.Roster, "email", line => $"person{line}@district.example"),
        Import(CsvKind.OptOuts, "email", line => $"student{line}@district.example"),
    ];

    public static TheoryData<string> Names => [.. Targets.Select(t => t.Name)];

    private static CliTarget Named(string name) => Targets.Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_file_is_refused_with_one_message_naming_it_and_its_line(string name)
    {
        var target = Named(name);
        await BadFiles(target).SampleAsync(async file =>
        {
            var path = Write(file.Bytes);
            var (exit, output, error) = await RunAsync(target, path);

            AssertRefused(target, exit, output, error, path, file.Line);
        }, iter: target.Remote ? RemoteIterations : LocalIterations, threads: 1);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_path_that_is_missing_a_folder_or_unreadable_is_refused_with_one_message_naming_it(string name)
    {
        var target = Named(name);
        await BadPaths().SampleAsync(async path =>
        {
            var (exit, output, error) = await RunAsync(target, path);

            AssertRefused(target, exit, output, error, path, line: null);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public async Task Score_leaves_its_output_folder_as_it_was_when_the_input_is_bad()
    {
        await Gen.Select(Gen.OneOf(BadFiles(Score).Select(f => Write(f.Bytes)), BadPaths()), Gen.Int[0, 2]).SampleAsync(async (path, kind) =>
        {
            var output = Output(kind);
            var before = Snapshot(output);

            var (exit, stdout, error) = await RunSplitAsync([.. Score.Args(path), "--output", output]);

            // An --output that is a file is refused before the input is read (a usage error in the input path comes first).
            AssertRefused(Score, exit, stdout, error, kind == 2 ? [path, output] : [path], line: null);
            Assert.Equal(before, Snapshot(output));
            AssertNoPartials();
        }, iter: LocalIterations, threads: 1);
    }

    [Fact]
    public async Task Score_refuses_an_output_that_is_a_file_or_under_one_before_scoring_and_changes_nothing()
    {
        var input = Write(Encoding.UTF8.GetBytes("respondent_id,school_id,competency-1\nr1,school-a,4\n"));
        var file = Output(2);
        var blocked = File.ReadAllBytes(file);
        foreach (var output in (string[])[file, Path.Combine(file, "reports")])
        {
            var (exit, stdout, error) = await RunSplitAsync([.. Score.Args(input), "--output", output]);

            AssertRefused(Score, exit, stdout, error, output, line: null);
            Assert.Equal(blocked, File.ReadAllBytes(file));
            AssertNoPartials();
        }
    }

    [Fact]
    public async Task Score_writes_reports_only_inside_its_output_folder_whatever_the_school_ids()
    {
        var ids = Gen.OneOf(Gen.OneOfConst([.. Hostile.PathLikeIds, "network", "Schools", "../../escaped", "/etc/x", "a\\b", "~", " spaced "]), Hostile.Text)
            .Where(id => id.Trim().Length > 0 && !id.Contains('"', StringComparison.Ordinal) && id.IndexOfAny(['\r', '\n', '\0', ',']) < 0);
        await Gen.Select(ids, ids).SampleAsync(async (first, second) =>
        {
            var output = Path.Combine(_folder, "reports-" + Guid.NewGuid().ToString("N"));
            var input = Write(Encoding.UTF8.GetBytes($"respondent_id,school_id,competency-1\nr1,{Quoted(first)},4\nr2,{Quoted(second)},3\n"));
            var outside = Directory.GetFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

            var (exit, _, error) = await RunSplitAsync([.. Score.Args(input), "--output", output, "--min-n", "3"]);

            Assert.True(exit == 0, error);
            var written = Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories);
            Assert.All(written, f => Assert.Equal(output, Path.GetDirectoryName(f)));
            var schools = first == second ? 1 : 2;
            Assert.Equal(2 + schools * 2, written.Count(f => !f.EndsWith(".png", StringComparison.Ordinal)));
            Assert.Equal([.. outside.Append(output).Concat(written).Order(StringComparer.Ordinal)], Directory.GetFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }, iter: 20, threads: 1);
    }

    [Fact]
    public async Task Export_refuses_an_output_that_is_a_folder_or_in_a_missing_one_before_downloading()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "existing")).FullName;
        foreach (var output in (string[])[folder, Path.Combine(_folder, "missing", "export.csv"), Path.Combine(Write([1]), "export.csv")])
        {
            var before = Snapshot(output);

            var (exit, stdout, error) = await RunSplitAsync("rounds", "export", "no-such-round", "--network", app.Network, "--output", output, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key);

            AssertRefused(Score with { Remote = true }, exit, stdout, error, output, line: null);
            Assert.Equal(before, Snapshot(output));
        }
    }

    [Fact]
    public async Task Instruments_show_refuses_any_unknown_id_with_one_line()
    {
        await Hostile.Text.Where(id => id != "staff-readiness" && !id.StartsWith('-')).SampleAsync(async id =>
        {
            var (exit, output, error) = await RunSplitAsync("instruments", "show", id, "--format", "json");

            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Hostile.AssertNoStackTrace(error, id);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
        }, iter: LocalIterations, threads: 1);
    }

    // ---- the generated files and paths ----

    /// <summary>Valid files: the header and one to five rows (line n holds row n - 1).</summary>
    private static Gen<string[][]> Valid(CliTarget target) =>
        Gen.Int[1, 5].SelectMany(rows => Enumerable.Range(2, rows).Aggregate(
            Gen.Const(new[] { target.Header }),
            (lines, line) => Gen.Select(lines, target.Row(line), (before, row) => (string[][])[.. before, row])));

    /// <summary>Bad files, most of them a valid file with one fault, on a line when the fault has one.</summary>
    private static Gen<BadFile> BadFiles(CliTarget target)
    {
        var valid = Valid(target);
        var row = valid.SelectMany(lines => Gen.Int[1, lines.Length - 1].Select(index => (lines, index)));
        var anyLine = valid.SelectMany(lines => Gen.Int[0, lines.Length - 1].Select(index => (lines, index)));
        return Gen.Frequency(
            (3, Hostile.Bytes.Select(bytes => new BadFile("bytes", bytes, null))),
            (2, anyLine.Select(Gen.OneOfConst(Hostile.InvalidUtf8), (x, bad) => Spliced("invalid UTF-8", x.lines, x.index, bad))),
            (2, anyLine.Select(x => Spliced("NUL", x.lines, x.index, [0]))),
            (2, anyLine.Select(x => Latin1(With(x.lines, x.index, cell => cell + "é")))),
            (2, valid.Select(Gen.Bool, (lines, bigEndian) => new BadFile("UTF-16 without BOM", (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes(Text(lines)), 1))),
            (2, row.Select(Gen.Bool, (x, bigEndian) => new BadFile("UTF-16 with BOM, ragged", [.. (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetPreamble(), .. (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes(Text(Ragged(x.lines, x.index)))], x.index + 1))),
            (1, Gen.OneOfConst("", "\uFEFF", "\n", "\r\n\r\n", " ").Select(text => new BadFile("empty", Encoding.UTF8.GetBytes(text), null))),
            (1, Gen.Bool.Select(newline => new BadFile("header only", Encoding.UTF8.GetBytes(string.Join(',', target.Header) + (newline ? "\n" : "")), null))),
            (2, valid.Select(Gen.OneOfConst(";", "\t", "|"), (lines, delimiter) => new BadFile("delimiter " + delimiter, Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => string.Join(delimiter, l)))), null))),
            (3, row.Select(x => new BadFile("ragged", Encoding.UTF8.GetBytes(Text(Ragged(x.lines, x.index))), x.index + 1))),
            (2, row.Select(x => new BadFile("stray quote", Encoding.UTF8.GetBytes(Text(x.lines, raw: (x.index, 1, "ab\"cd"))), x.index + 1))),
            (1, anyLine.Select(x => new BadFile("5 MB cell", Encoding.UTF8.GetBytes(Text(With(x.lines, x.index, _ => new string('x', HugeCell)))), x.index + 1))));
    }

    /// <summary>Paths that do not lead to a readable file.</summary>
    private Gen<string> BadPaths() => Gen.OneOf(
        Gen.Const(0).Select(_ => Path.Combine(_folder, $"missing-{Guid.NewGuid():N}.csv")),
        Gen.Const(0).Select(_ => Path.Combine(_folder, $"no-such-folder-{Guid.NewGuid():N}", "file.csv")),
        Gen.Const(0).Select(_ => Directory.CreateDirectory(Path.Combine(_folder, $"folder-{Guid.NewGuid():N}.csv")).FullName),
        Gen.Const(0).Select(_ => Path.Combine(Write([1, 2, 3]), "file.csv")),
        Gen.Const(0).Select(_ => Path.Combine(_folder, new string('n', 300) + ".csv")),
        Gen.OneOfConst("nul\0name.csv", "line\nbreak.csv", "tab\there.csv", "@answers.csv", "-.csv").Select(name => Path.Combine(_folder, name)),
        Gen.Const(0).Select(_ => Unreadable() ?? Path.Combine(_folder, $"missing-{Guid.NewGuid():N}.csv")));

    /// <summary>A file with no read permission, or null when this user reads it anyway (root).</summary>
    private string? Unreadable()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var path = Write(Encoding.UTF8.GetBytes("respondent_id,school_id,competency-1\nr1,school-a,4\n"));
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            File.ReadAllBytes(path);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
    }

    /// <summary>The file in Latin-1: the first line with a letter beyond ASCII is the one to name.</summary>
    private static BadFile Latin1(string[][] lines) =>
        new("Latin-1", Encoding.Latin1.GetBytes(Text(lines)), lines.Select((cells, i) => (cells, i)).First(x => x.cells.Any(c => c.Any(ch => ch > 127))).i + 1);

    private static BadFile Spliced(string what, string[][] lines, int index, byte[] bad)
    {
        const char Marker = '\uE000';
        var bytes = Encoding.UTF8.GetBytes(Text(With(lines, index, cell => cell + Marker)));
        var marker = Encoding.UTF8.GetBytes(Marker.ToString()).AsSpan();
        var at = bytes.AsSpan().IndexOf(marker);
        return new BadFile(what, [.. bytes[..at], .. bad, .. bytes[(at + marker.Length)..]], index + 1);
    }

    /// <summary>The lines with the second cell of one line changed.</summary>
    private static string[][] With(string[][] lines, int index, Func<string, string> change) =>
        [.. lines.Select((cells, i) => i == index ? [cells[0], change(cells[1]), .. cells[2..]] : cells)];

    /// <summary>One row with an extra cell, or with only its first cell.</summary>
    private static string[][] Ragged(string[][] lines, int index) =>
        [.. lines.Select((cells, i) => i != index ? cells : index % 2 == 0 ? [.. cells, "4"] : cells[..1])];

    /// <summary>The CSV text, cells quoted where they need it; <paramref name="raw"/> puts one cell in unquoted.</summary>
    private static string Text(string[][] lines, (int Line, int Cell, string Text)? raw = null) =>
        string.Join('\n', lines.Select((cells, i) => string.Join(',', cells.Select((cell, c) => raw is { } r && r.Line == i && r.Cell == c ? r.Text : Quoted(cell))))) + "\n";

    private static string Quoted(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 || cell.Trim().Length != cell.Length ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    // ---- running and checking ----

    private Task<(int Exit, string Output, string Error)> RunAsync(CliTarget target, string path) =>
        RunSplitAsync(target.Remote ? [.. target.Args(path), "--network", app.Network, "--base-url", app.BaseAddress.ToString(), "--coach-key", CoachApp.Key] : target.Args(path));

    private static async Task<(int Exit, string Output, string Error)> RunSplitAsync(params string[] args) => await CliRunner.RunSplitAsync(args);

    /// <summary>
    /// Exit code 1; stderr is one message whose first line names the file (a refusal from the app may list refused
    /// lines under it, indented); the line, when given, is named; no stack trace or exception anywhere; nothing on
    /// stdout from an offline command but the usage help (the imports show their upload progress there).
    /// </summary>
    private static void AssertRefused(CliTarget target, int exit, string output, string error, string path, int? line) =>
        AssertRefused(target, exit, output, error, [path], line);

    /// <summary>As above, where the message may name any one of <paramref name="paths"/>.</summary>
    private static void AssertRefused(CliTarget target, int exit, string output, string error, string[] paths, int? line)
    {
        var context = $"stderr: {Hostile.Show(error)} stdout: {Hostile.Show(output)}";
        Assert.True(exit == 1, $"exit {exit}; {context}");
        Hostile.AssertNoStackTrace(error, "stderr");
        Hostile.AssertNoStackTrace(output, "stdout");
        if (!target.Remote)
        {
            // A path the system cannot take is a usage error, which shows the command's help, as every usage error does.
            Assert.True(output.Length == 0 || output.StartsWith("Description:", StringComparison.Ordinal), $"stdout is not empty; {context}");
        }

        var lines = error.TrimEnd('\n').Split('\n');
        Assert.True(lines[0].Length > 0 && lines.Skip(1).All(l => l.StartsWith("  ", StringComparison.Ordinal)), $"not one message; {context}");
        var shown = paths.Select(path => new string([.. Path.GetFileName(path.TrimEnd('/')).Select(c => char.IsControl(c) ? '?' : c)])).ToList();
        Assert.True(shown.Any(name => lines[0].Contains(name, StringComparison.Ordinal)), $"the message does not name {string.Join(" or ", shown)}; {context}");
        if (line is { } number)
        {
            Assert.True(error.Contains($"line {number}", StringComparison.OrdinalIgnoreCase), $"the message does not name line {number}; {context}");
        }
    }

    /// <summary>What is at a path: nothing, a file's hash, or a folder's files and their hashes.</summary>
    private static string Snapshot(string path) =>
        File.Exists(path) ? Hash(path)
        : Directory.Exists(path) ? string.Join('\n', Directory.GetFileSystemEntries(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => $"{f} {(File.Exists(f) ? Hash(f) : "folder")}"))
        : "absent";

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>An --output: 0 a folder not there yet, 1 a folder holding a report from before, 2 a file.</summary>
    private string Output(int kind)
    {
        var path = Path.Combine(_folder, $"out-{Guid.NewGuid():N}");
        if (kind == 1)
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "school-a.html"), "<p>an earlier report</p>");
        }
        else if (kind == 2)
        {
            File.WriteAllText(path, "not a folder");
        }

        return path;
    }

    private void AssertNoPartials() =>
        Assert.Empty(Directory.GetFileSystemEntries(_folder, "*.partial-*", SearchOption.AllDirectories));

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
