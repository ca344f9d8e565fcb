using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// The Node-based checkers (html-validate, doiuse-email) in one long-lived <c>node tests/checkers/checkers.mjs</c>
/// process for the whole test run, so a page costs one round trip instead of a Node start. Requests are answered one
/// at a time, in order. The process ends with the test run: it stops when its standard input closes.
/// </summary>
public static class NodeCheckers
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly System.Text.StringBuilder Errors = new();
    private static Process? _process;

    /// <summary>html-validate's findings for a whole document, with the repository's page or email profile.</summary>
    public static async Task<IReadOnlyList<string>> HtmlValidateAsync(string html, HtmlProfile profile, string name)
    {
        var answer = await AskAsync(new JsonObject { ["tool"] = "html-validate", ["profile"] = profile == HtmlProfile.Email ? "email" : "page", ["name"] = name + ".html", ["html"] = html });
        return Strings(answer["findings"]);
    }

    /// <summary>What doiuse-email (caniemail data) says the checked mail clients do not support, and its notes on partial support.</summary>
    public static async Task<(IReadOnlyList<string> Unsupported, IReadOnlyList<string> Notes)> DoIUseEmailAsync(string html)
    {
        var answer = await AskAsync(new JsonObject { ["tool"] = "doiuse-email", ["html"] = html });
        return (Strings(answer["findings"]), Strings(answer["notes"]));
    }

    private static List<string> Strings(JsonNode? array) => [.. (array?.AsArray() ?? []).Select(n => n!.GetValue<string>())];

    private static async Task<JsonNode> AskAsync(JsonObject request)
    {
        await OneAtATime.WaitAsync();
        try
        {
            var process = _process is { HasExited: false } running ? running : _process = Start();
            await process.StandardInput.WriteLineAsync(request.ToJsonString());
            await process.StandardInput.FlushAsync();
            var line = await process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException("The Node checkers (tests/checkers/checkers.mjs) stopped: " + StandardError());
            var answer = JsonNode.Parse(line)!;
            return answer["error"] is { } error ? throw new InvalidOperationException("The Node checkers failed: " + error.GetValue<string>()) : answer;
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static Process Start()
    {
        var root = TestAzurite.RepositoryRoot();
        var script = Path.Combine(root, "tests", "checkers", "checkers.mjs");
        if (!File.Exists(Path.Combine(root, "node_modules", "html-validate", "package.json")) || !File.Exists(Path.Combine(root, "node_modules", "doiuse-email", "package.json")))
        {
            throw new InvalidOperationException("html-validate and doiuse-email are not installed: run ./test.sh (or npm ci) first.");
        }

        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the checkers.");
        process.ErrorDataReceived += (_, e) =>
        {
            lock (Errors)
            {
                Errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private static string StandardError()
    {
        lock (Errors)
        {
            return Errors.ToString();
        }
    }
}

/// <summary>Which html-validate configuration a document is held to.</summary>
public enum HtmlProfile
{
    /// <summary>The repository's <c>.htmlvalidate.json</c>: recommended, a11y and document presets.</summary>
    Page,

    /// <summary><c>tests/checkers/htmlvalidate-email.json</c>: the same, less the rules that mail clients make wrong.</summary>
    Email,
}
