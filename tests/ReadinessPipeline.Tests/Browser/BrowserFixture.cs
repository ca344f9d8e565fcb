using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Tests.Checkers;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// The browser tests share one app and one Chromium, and run one at a time: a second browser would only compete with
/// the rest of the suite for the machine's two cores, and one test cuts the proxy that the others need.
/// </summary>
[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

/// <summary>
/// The real app and one headless Chromium (Debian's, driven by Playwright) for the browser tests. The browser reaches the
/// app through a <see cref="TcpProxy"/>, so a test can cut the connection to "the server" mid-survey. The catalog is
/// the shipped one plus <c>practice-check</c>, a three-question test form with required questions (no shipped form
/// requires any).
/// </summary>
public sealed class BrowserFixture : AppFixture
{
    /// <summary>Debian's Chromium; test.sh installs it. Playwright never downloads a browser here.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where the screenshots of every page kind go, for a person to look at after a change to the pages.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(Path.GetTempPath(), "readiness-survey-pages");

    private static readonly string[] LaunchArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
    private string _catalogFolder = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Between the browser and the app: <see cref="TcpProxy.Cut"/> makes the server unreachable.</summary>
    public TcpProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Run ./test.sh (it installs Debian's chromium package), or: sudo apt-get install -y chromium");
        }

        _catalogFolder = CatalogWithPracticeForm();
        await base.InitializeAsync();
        Proxy = new TcpProxy(BaseAddress.Port);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = LaunchArgs });
    }

    public override async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Proxy.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_catalogFolder, recursive: true);
        if (Directory.Exists(Outbox))
        {
            Directory.Delete(Outbox, recursive: true);
        }
    }

    /// <summary>The coach key the dashboard tests sign in with (organisation-wide).</summary>
    public const string CoachKey = "dashboard-coach-key";

    /// <summary>Where the app writes its emails (.eml files), so the dashboard tests can follow a survey link.</summary>
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), "browser-outbox-" + Guid.NewGuid().ToString("N")[..8]);

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Coach:KeyHashes:0"] = $"dashboard:{Rounds.CoachApp.Hash(CoachKey)}:*";
        settings["Email:OutboxDirectory"] = Outbox;
        settings["Profiles:DelayMarginSeconds"] = "0";
        settings["Dashboard:RefreshSeconds"] = "1";
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton(_ => Catalog.Load(_catalogFolder)));

    /// <summary>An address of the app as the browser sees it: through the proxy.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Proxy.Port}/{path.TrimStart('/')}";

    /// <summary>
    /// A fresh browser context (own cookies and local storage) with one page, watched by <see cref="Checks"/>.
    /// <paramref name="bypassCsp"/> is only for the page checks, which inject the accessibility engines: the pages'
    /// policy rightly refuses injected scripts.
    /// </summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true, bool bypassCsp = false, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            BypassCSP = bypassCsp,
            Locale = locale,
        });
        context.SetDefaultTimeout(15_000);
        Checks.Watch(context);
        return (context, await context.NewPageAsync());
    }

    /// <summary>
    /// Does <paramref name="action"/> and waits until the page it leads to, whose address satisfies
    /// <paramref name="url"/>, has loaded. The address is awaited from before the action; the load is then read from the
    /// document itself (its <c>readyState</c>, polled in the page), not from Playwright's load event, which a wait that
    /// starts as the event arrives can miss and then time out on.
    /// </summary>
    public static async Task NavigateAsync(IPage page, Func<Task> action, Func<string, bool> url)
    {
        var committed = page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await action();
        await committed;
        await LoadedAsync(page);
    }

    /// <summary>Waits until the page's current document has finished loading, read from the document itself.</summary>
    public static Task LoadedAsync(IPage page) => page.WaitForFunctionAsync("() => document.readyState === 'complete'");

    /// <summary>Saves the whole page, or with <paramref name="fullPage"/> false just what the person sees now, as <c>name.png</c>.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>The shipped data folder with the practice form added, in a temporary folder of its own.</summary>
    private static string CatalogWithPracticeForm()
    {
        var folder = Path.Combine(Path.GetTempPath(), "readiness-catalog-" + Guid.NewGuid().ToString("N")[..8]);
        Copy(Catalog.DefaultDirectory, folder);
        Copy(Path.Combine(AppContext.BaseDirectory, "Browser", "Data"), folder);
        return folder;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
