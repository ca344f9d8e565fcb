using System.Diagnostics;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// The Nu HTML Checker (vnu.jar on Java). A Java start costs seconds, so it is not run per page: every page the
/// browser tests check is saved to <see cref="Folder"/>, and <c>./test.sh</c> runs <c>tests/checkers/nu-check.mjs</c>
/// once over that folder after the tests, failing the run on any error or warning.
/// </summary>
public static class NuChecker
{
    /// <summary>Where the served markup of every checked page goes during a test run (<c>./test.sh</c> empties it first).</summary>
    public static readonly string Folder = Environment.GetEnvironmentVariable("READINESS_CHECKED_PAGES") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "readiness-checked-pages");

    /// <summary>
    /// Keeps a page's served markup for the Nu HTML Checker's run, as <c>name.html</c>, or <c>name.email-markup.html</c>
    /// for a page built from email markup (nu-check.mjs then accepts the table attributes Outlook needs).
    /// </summary>
    public static void Collect(string name, string markup, HtmlProfile profile = HtmlProfile.Page)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, name + (profile == HtmlProfile.Email ? ".email-markup.html" : ".html")), markup);
    }

    /// <summary>Runs the checker over the <c>.html</c> files of a folder, as <c>./test.sh</c> does: its exit code (0 clean, 1 findings) and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder)
    {
        var root = TestAzurite.RepositoryRoot();
        var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "checkers", "nu-check.mjs"), folder])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
