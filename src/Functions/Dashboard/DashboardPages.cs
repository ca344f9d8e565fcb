using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Access;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Functions.Dashboard;

/// <summary>One labelled form field as the dashboard's templates draw it, with its hint and its error beside it.</summary>
public sealed record FormField(string Name, string Label, string? Value = null, string? Error = null, string? Hint = null, string Kind = "text")
{
    public string Id => "f-" + Name;

    public string? Autocomplete { get; init; }

    public bool Required { get; init; }

    public string? Inputmode { get; init; }

    /// <summary>The ids of the hint and the error, which the field names with aria-describedby.</summary>
    public string? DescribedBy =>
        string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.OfType<string>()) is { Length: > 0 } ids ? ids : null;
}

/// <summary>An entry of a form's error summary: the message, linking to its field.</summary>
public sealed record FieldError(string Anchor, string Message);

/// <summary>
/// Renders the coaches' dashboard from the Liquid templates in <c>Dashboard/Templates</c>, inside the survey pages'
/// layout and styles (<c>Pages/Templates</c>), with the same headers and per-response CSP nonce (<see cref="SurveyHtml"/>).
/// Words come from <c>Data/dashboard/text.&lt;lang&gt;.json</c>; the language is the one chosen with <c>?lang=</c> (kept
/// in a cookie), else the browser's, else English.
/// </summary>
public sealed class DashboardPages
{
    /// <summary>Where the dashboard lives (under the host's <c>api</c> route prefix).</summary>
    public const string Root = "/api/dashboard";

    public const string LanguageCookie = "rp-lang";

    private readonly UiText _words;
    private readonly TimeZoneInfo _zone;
    private readonly string _zoneName;
    private readonly TemplateOptions _options;
    private readonly FluidParser _parser = new();
    private readonly IFluidTemplate _layout;
    private readonly IFluidTemplate _header;
    private readonly Dictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly string _css;

    public DashboardPages(IOptions<DashboardOptions> options)
    {
        _words = UiText.LoadDefault("dashboard");
        _zone = options.Value.Zone();
        _zoneName = options.Value.TimeZone;
        RefreshSeconds = options.Value.RefreshSeconds;
        var folder = Path.Combine(AppContext.BaseDirectory, "Dashboard", "Templates");
        var survey = Path.Combine(AppContext.BaseDirectory, "Pages", "Templates");
        _options = new TemplateOptions { MemberAccessStrategy = UnsafeMemberAccessStrategy.Instance, FileProvider = new PhysicalFileProvider(folder) };
        _options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        _layout = Parse(Path.Combine(survey, "_layout.liquid"));
        _header = Parse(Path.Combine(folder, "_header.liquid"));
        foreach (var file in Directory.EnumerateFiles(folder, "*.liquid").Where(f => !Path.GetFileName(f).StartsWith('_')))
        {
            _templates[Path.GetFileNameWithoutExtension(file)] = Parse(file);
        }

        _css = File.ReadAllText(Path.Combine(survey, "survey.css")) + File.ReadAllText(Path.Combine(folder, "dashboard.css"));
        Script = File.ReadAllText(Path.Combine(folder, "dashboard.js"));
    }

    public IReadOnlyCollection<string> Languages => _words.Languages;

    /// <summary>The round page's small enhancement script (automatic updates of the response rates).</summary>
    public string Script { get; }

    public int RefreshSeconds { get; }

    public string ZoneName => _zoneName;

    /// <summary>The language of this request; a <c>?lang=</c> choice is kept in a cookie for the next pages.</summary>
    public string Language(HttpContext http)
    {
        var available = _words.Languages.ToList();
        var requested = http.Request.Query["lang"].ToString();
        if (available.Contains(requested))
        {
            http.Response.Cookies.Append(LanguageCookie, requested, new CookieOptions { Path = Root, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            return requested;
        }

        return SurveyPages.ChooseLanguage(available, http.Request.Cookies[LanguageCookie], http.Request.Headers.AcceptLanguage);
    }

    public IReadOnlyDictionary<string, string> Words(string language) => _words.For(language);

    /// <summary>
    /// The words for a refused field, in the page's language: the engine's checks speak English, so each field (an
    /// indexed one by its kind: <c>reminders[1]</c> as <c>reminders</c>) has its message in the text files.
    /// </summary>
    public static string? FieldError(IReadOnlyDictionary<string, string> ui, string field, IReadOnlyDictionary<string, string[]>? errors)
    {
        var message = errors?.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal) || e.Key.StartsWith(field + ".", StringComparison.Ordinal))
            .Select(e => e.Key).FirstOrDefault();
        if (message is null)
        {
            return null;
        }

        var kind = System.Text.RegularExpressions.Regex.Replace(message, @"\[\d+\]", "");
        return ui.TryGetValue("error." + kind, out var text) ? text : errors![message][0];
    }

    public string Text(string language, string key, params (string Name, object Value)[] values) => _words.Format(language, key, values);

    /// <summary>A moment in the dashboard's time zone, in words: "2 November 2026, 09:00".</summary>
    public string When(string language, DateTimeOffset moment)
    {
        var local = TimeZoneInfo.ConvertTime(moment, _zone);
        return Text(language, "dateTime", ("date", _words.FormatDate(language, local)), ("time", local.ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    /// <summary>A moment as a <c>datetime-local</c> field shows it, in the dashboard's time zone.</summary>
    public string LocalInput(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, _zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> field's value as a moment in the dashboard's time zone; null when it is not one (or falls in a clock change's gap).</summary>
    public DateTimeOffset? ParseLocal(string? text)
    {
        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || _zone.IsInvalidTime(local))
        {
            return null;
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    /// <summary>
    /// A dashboard page: <paramref name="template"/> with <paramref name="model"/>, the words, an anti-forgery token for
    /// its forms, the header (signed-in key and sign-out) and language links, inside the survey pages' layout.
    /// </summary>
    public async Task<IResult> PageAsync(HttpContext http, string template, string title, object model, int status = StatusCodes.Status200OK, bool script = false)
    {
        var language = Language(http);
        var ui = Words(language);
        var nonce = SurveyPages.NewNonce();
        var tokens = Antiforgery(http).GetAndStoreTokens(http);
        var session = http.Items[DashboardGate.SessionItem] as CoachSession;
        var context = new TemplateContext(model, _options);
        context.SetValue("ui", ui);
        context.SetValue("lang", language);
        context.SetValue("root", Root);
        context.SetValue("nonce", nonce);
        context.SetValue("af_field", tokens.FormFieldName);
        context.SetValue("af_token", tokens.RequestToken);
        context.SetValue("signed_in", session is null ? null : Text(language, "signedInAs", ("key", session.KeyId)));
        context.SetValue("script", script ? Script : null);
        var body = await _templates[template].RenderAsync(context, HtmlEncoder.Default);
        var header = await _header.RenderAsync(context, HtmlEncoder.Default);
        context.SetValue("body", body);
        context.SetValue("site_header", header);
        context.SetValue("page_title", $"{title} – {ui["brand"]}");
        context.SetValue("skip_text", ui["skipToContent"]);
        context.SetValue("css", _css);
        context.SetValue("body_class", "dashboard");
        context.SetValue("languages", _words.Languages.Order(StringComparer.Ordinal).Select(code => new
        {
            Code = code,
            Name = Words(code)["languageName"],
            Current = code == language,
            Href = $"{http.Request.Path}?lang={code}",
        }).ToList());
        return SurveyHtml.Page(await _layout.RenderAsync(context, HtmlEncoder.Default), nonce, status);
    }

    /// <summary>A page with a heading and a sentence (not found, refused, done), with a link onward.</summary>
    public Task<IResult> MessageAsync(HttpContext http, string titleKey, string bodyKey, int status, string? next = null, string? nextKey = null, params (string Name, object Value)[] values)
    {
        var language = Language(http);
        var title = Text(language, titleKey, values);
        return PageAsync(http, "message", title, new { Heading = title, Body = Text(language, bodyKey, values), Next = next ?? Root, NextText = Text(language, nextKey ?? "backToNetworks") }, status);
    }

    /// <summary>A form post that failed its anti-forgery check: the page was open too long or came from elsewhere.</summary>
    public Task<IResult> ExpiredFormAsync(HttpContext http, string back) =>
        MessageAsync(http, "formExpiredTitle", "formExpiredBody", StatusCodes.Status400BadRequest, back, "goBack");

    /// <summary>
    /// Null when the request is a form post whose anti-forgery token is valid; otherwise the expired-form page, which
    /// leads back to <paramref name="back"/>. Every dashboard form post starts here, before it reads or writes anything.
    /// </summary>
    public async Task<IResult?> RefusedFormAsync(HttpContext http, string back) =>
        http.Request.HasFormContentType && await Antiforgery(http).IsRequestValidAsync(http) ? null : await ExpiredFormAsync(http, back);

    /// <summary>The page for a network, round or school that is not there (or not this session's to see).</summary>
    public Task<IResult> NotFoundAsync(HttpContext http) => MessageAsync(http, "notFoundTitle", "notFoundBody", StatusCodes.Status404NotFound);

    /// <summary>
    /// The request's anti-forgery service, taken per request rather than at construction: its options read the app's
    /// public address, and this class is built at start (to load its templates), before the settings are checked.
    /// </summary>
    private static IAntiforgery Antiforgery(HttpContext http) => http.RequestServices.GetRequiredService<IAntiforgery>();

    /// <summary>303 See Other: after a form post, the browser loads the next page with GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    public static string Network(string networkId) => $"{Root}/networks/{networkId}";

    public static string Round(string networkId, string roundId) => $"{Network(networkId)}/rounds/{roundId}";

    /// <summary>A percentage as the pages write it.</summary>
    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private IFluidTemplate Parse(string path) =>
        _parser.TryParse(File.ReadAllText(path), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template {path} does not parse: {error}");

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            http.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
