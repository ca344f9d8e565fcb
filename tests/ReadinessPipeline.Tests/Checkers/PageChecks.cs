using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;
using ReadinessPipeline.Tests.Infrastructure;
using Xunit.Sdk;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// Checks a page as the browser shows it and as the server sent it, with more than one tool: axe-core and IBM's
/// accessibility-checker-engine in Chromium, at phone and desktop widths; html-validate over the served markup; and
/// the Nu HTML Checker, which <c>./test.sh</c> runs once over every page collected during the run (see
/// <see cref="NuChecker"/>). One call per page: <c>await Checks.PageAsync(page, "closed-es")</c>.
/// </summary>
public static partial class Checks
{
    /// <summary>The widths the pages' layout changes between: a phone (cards) and a desktop (matrix).</summary>
    public static readonly (int Width, int Height)[] Widths = [(390, 844), (1280, 900)];

    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly Lazy<string> Axe = new(() => NodeModule("axe-core", "axe.min.js"));
    private static readonly Lazy<string> Ace = new(() => NodeModule("accessibility-checker-engine", "ace.js"));
    private static readonly ConditionalWeakTable<IPage, Task<string>> Served = [];

    /// <summary>
    /// Records, for every page of the context, the markup of the last document the server sent it, so the validators
    /// check what was served rather than the DOM after scripts ran. <c>BrowserFixture.NewPageAsync</c> calls it.
    /// </summary>
    public static void Watch(IBrowserContext context) =>
        context.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Frame.ParentFrame is null && response.Status is < 300 or >= 400)
            {
                Served.AddOrUpdate(response.Frame.Page, response.TextAsync());
            }
        };

    /// <summary>
    /// Fails the test with every finding of every checker on the page that is open now, and keeps its markup for the
    /// Nu HTML Checker's run. The context must bypass the page's CSP (the engines are injected scripts) and be watched.
    /// A page built from email markup (the full report) is held to the <see cref="HtmlProfile.Email"/> rules.
    /// </summary>
    public static async Task PageAsync(IPage page, string name, HtmlProfile profile = HtmlProfile.Page)
    {
        var (markup, findings) = await FindingsAsync(page, name, profile);
        NuChecker.Collect(name, markup, profile);
        if (findings.Count > 0)
        {
            throw new XunitException($"{name}: {findings.Count} findings\n" + string.Join("\n", findings));
        }
    }

    /// <summary>The served markup and every finding of axe-core, the IBM engine and html-validate, each prefixed with its tool.</summary>
    public static async Task<(string Markup, IReadOnlyList<string> Findings)> FindingsAsync(IPage page, string name, HtmlProfile profile = HtmlProfile.Page)
    {
        if (!Served.TryGetValue(page, out var served))
        {
            throw new InvalidOperationException($"{name}: no served document recorded; open the page in a context passed to Checks.Watch (BrowserFixture.NewPageAsync does).");
        }

        var markup = await served;
        var findings = new List<string>();
        var viewport = page.ViewportSize;
        foreach (var (width, height) in Widths)
        {
            await page.SetViewportSizeAsync(width, height);
            findings.AddRange((await AxeAsync(page)).Select(f => $"axe-core at {width} px: {f}"));
            findings.AddRange((await IbmAsync(page)).Select(f => $"IBM accessibility checker at {width} px: {f}"));
        }

        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }

        findings.AddRange((await NodeCheckers.HtmlValidateAsync(markup, profile, name)).Select(f => $"html-validate: {f}"));
        return (markup, findings);
    }

    /// <summary>Every axe-core violation of the WCAG 2.0 and 2.1 A and AA rules, whatever its impact.</summary>
    public static async Task<IReadOnlyList<string>> AxeAsync(IPage page)
    {
        await InjectAsync(page, "axe", Axe.Value);
        var json = await page.EvaluateAsync<string>(
            """
            async tags => {
              const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
              return JSON.stringify(result.violations.flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}`)));
            }
            """,
            WcagTags);
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    /// <summary>
    /// Every violation and potential violation of IBM's WCAG_2_1 policy (A and AA), the levels IBM's own checker fails
    /// a build on by default, less the reviewed potential violations in <see cref="ReviewedFindings.Ibm"/>;
    /// recommendations and manual checks are not counted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IbmAsync(IPage page)
    {
        await InjectAsync(page, "ace", Ace.Value);
        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const report = await new ace.Checker().check(document, ["WCAG_2_1"]);
              return JSON.stringify(report.results
                .filter(r => r.value[0] === "VIOLATION" && (r.value[1] === "FAIL" || r.value[1] === "POTENTIAL"))
                .map(r => ({ rule: r.ruleId, potential: r.value[1] === "POTENTIAL", message: r.message, path: r.path.dom })));
            }
            """);
        return [.. JsonSerializer.Deserialize<IbmResult[]>(json, JsonSerializerOptions.Web)!
            .Where(r => !ReviewedFindings.Ibm.Any(reviewed => reviewed.Covers(r.Rule, r.Potential, r.Message)))
            .Select(r => $"{r.Rule} ({(r.Potential ? "potential violation" : "violation")}): {r.Message} at {r.Path}")];
    }

    private static async Task InjectAsync(IPage page, string global, string script)
    {
        if (!await page.EvaluateAsync<bool>($"() => typeof window.{global} !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Content = script });
        }
    }

    private static string NodeModule(string package, string file)
    {
        var path = Path.Combine(TestAzurite.RepositoryRoot(), "node_modules", package, file);
        return File.Exists(path) ? File.ReadAllText(path) : throw new InvalidOperationException($"{package} is not installed ({path}): run ./test.sh (or npm ci) first.");
    }

    private sealed record IbmResult(string Rule, bool Potential, string Message, string Path);
}
