using ReadinessPipeline.Models;

namespace ReadinessPipeline.Tests.Networks;

/// <summary>Builds CSV text for the import tests and checks their errors.</summary>
internal static class Csv
{
    /// <summary>Lines joined with LF, each ending with one.</summary>
    public static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>One CSV line with every cell quoted and inner quotes doubled.</summary>
    public static string Quoted(params string[] cells) => string.Join(',', cells.Select(c => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>Asserts the errors' lines and columns in order, and that no rows came with them.</summary>
    public static void AssertErrorsAt<T>(ImportResult<T> result, params (int Line, string? Column)[] expected)
    {
        Assert.Equal(expected, result.Errors.Select(e => (e.Line, e.Column)));
        Assert.Empty(result.Rows);
        Assert.False(result.IsValid);
    }

    /// <summary>Asserts exactly one error, at that line and column, whose message contains <paramref name="fragment"/>.</summary>
    public static void AssertOnlyError<T>(ImportResult<T> result, int line, string? column, string fragment)
    {
        AssertErrorsAt(result, (line, column));
        Assert.Contains(fragment, result.Errors[0].Message, StringComparison.Ordinal);
    }
}
