using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Functions.Pages;

/// <summary>What a survey form shows: the instrument in one language, with any answers and errors to show again.</summary>
public sealed record FormState(
    string SubmissionId,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string> OpenText,
    IReadOnlyDictionary<string, string> Errors)
{
    public static FormState Fresh() => new(Guid.NewGuid().ToString(), new Dictionary<string, int>(), new Dictionary<string, string>(), new Dictionary<string, string>());
}

/// <summary>
/// Renders the survey pages from the Liquid templates in <c>Pages/Templates</c>: the form, and the short message
/// pages (closed, used link, thank you). Styles and the small enhancement script are inline under a per-response
/// CSP nonce, so the page needs nothing from any other origin.
/// </summary>
public sealed class SurveyPages
{
    private readonly UiText _ui;
    private readonly TemplateOptions _options;
    private readonly IFluidTemplate _layout;
    private readonly IFluidTemplate _form;
    private readonly IFluidTemplate _message;
    private readonly string _css;
    private readonly string _script;

    public SurveyPages(UiText ui)
    {
        _ui = ui;
        var folder = Path.Combine(AppContext.BaseDirectory, "Pages", "Templates");
        _options = new TemplateOptions { MemberAccessStrategy = UnsafeMemberAccessStrategy.Instance };
        _options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        var parser = new FluidParser();
        _layout = parser.Parse(File.ReadAllText(Path.Combine(folder, "_layout.liquid")));
        _form = parser.Parse(File.ReadAllText(Path.Combine(folder, "form.liquid")));
        _message = parser.Parse(File.ReadAllText(Path.Combine(folder, "message.liquid")));
        _css = File.ReadAllText(Path.Combine(folder, "survey.css"));
        _script = File.ReadAllText(Path.Combine(folder, "survey.js"));
    }

    /// <summary>The language to show: an explicit choice if the instrument has it, else the browser's preference, else English.</summary>
    public static string ChooseLanguage(IReadOnlyList<string> available, string? requested, string? acceptLanguage)
    {
        if (requested is not null && available.Contains(requested))
        {
            return requested;
        }

        var preferred = (acceptLanguage ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split(';')[0].Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(available.Contains);
        return preferred ?? LocalizedText.DefaultLanguage;
    }

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public Task<string> FormAsync(Instrument instrument, string language, string pagePath, string action, FormState state, string nonce, (string Field, string Token)? antiforgery, bool preview)
    {
        var ui = _ui.For(language);
        var number = 0;
        var sections = instrument.Dimensions.Select(dimension => new
        {
            Id = dimension.Id,
            Name = dimension.Name.In(language),
            Items = instrument.ItemsOf(dimension.Id).Select(item => new
            {
                Id = item.Id,
                Number = ++number,
                Text = item.Text.In(language),
                Error = state.Errors.GetValueOrDefault("answers." + item.Id),
                Options = Enumerable.Range(item.Min, item.Max - item.Min + 1).Select(value => new
                {
                    Value = value,
                    Label = instrument.ScaleLabels[value - item.Min].In(language),
                    Checked = state.Answers.TryGetValue(item.Id, out var answer) && answer == value,
                }).ToList(),
            }).ToList(),
        }).ToList();

        var errors = state.Errors.Select(e => new
        {
            Anchor = e.Key.StartsWith("answers.", StringComparison.Ordinal) ? "q-" + e.Key["answers.".Length..]
                : e.Key.StartsWith("openText.", StringComparison.Ordinal) ? "t-" + e.Key["openText.".Length..]
                : "survey",
            Message = e.Value,
        }).ToList();

        var model = new
        {
            Lang = language,
            PageTitle = instrument.Title.In(language),
            Title = instrument.Title.In(language),
            Intro = instrument.Introduction.In(language),
            BodyClass = instrument.GradeBand == "3-5" ? "grades-3-5" : "",
            Nonce = nonce,
            Css = _css,
            Script = _script,
            Ui = ui,
            Languages = Languages(instrument.Languages, language, pagePath),
            Preview = preview,
            Action = action,
            StorageKey = "survey:" + pagePath,
            SubmissionId = state.SubmissionId,
            InstrumentId = instrument.Id,
            Version = instrument.Version,
            AntiforgeryField = antiforgery?.Field,
            AntiforgeryToken = antiforgery?.Token,
            Total = instrument.Items.Count,
            Answered = state.Answers.Count,
            ProgressText = _ui.Format(language, "progress", ("answered", state.Answers.Count), ("total", instrument.Items.Count)),
            Sections = sections,
            Errors = errors,
            OpenTitle = ui["commentsTitle"],
            Prompts = instrument.OpenPrompts.Select(p => new
            {
                Id = p.Id,
                Text = p.Text.In(language),
                Hint = _ui.Format(language, "openTextHint", ("max", p.MaxLength)),
                Max = p.MaxLength,
                Value = state.OpenText.GetValueOrDefault(p.Id, ""),
                Error = state.Errors.GetValueOrDefault("openText." + p.Id),
            }).ToList(),
        };
        return RenderAsync(_form, model);
    }

    /// <summary>A short page: a heading and a sentence (closed round, used link, thank you with a receipt).</summary>
    public Task<string> MessageAsync(string language, IReadOnlyList<string> languages, string pagePath, string titleKey, string bodyKey, string nonce, string? receipt = null, params (string Name, object Value)[] values)
    {
        var model = new
        {
            Lang = language,
            PageTitle = _ui.Format(language, titleKey, values),
            Heading = _ui.Format(language, titleKey, values),
            Body = _ui.Format(language, bodyKey, values),
            Nonce = nonce,
            Css = _css,
            Ui = _ui.For(language),
            Languages = Languages(languages, language, pagePath, receipt),
            BodyClass = "",
            Receipt = receipt,
            StorageKeyJson = JsonSerializer.Serialize("survey:" + pagePath),
        };
        return RenderAsync(_message, model);
    }

    public string FormatDate(string language, DateTimeOffset date) => _ui.FormatDate(language, date);

    private List<object> Languages(IReadOnlyList<string> languages, string current, string pagePath, string? receipt = null) =>
        [.. languages.Select(code => (object)new
        {
            Code = code,
            Name = _ui.For(code)["languageName"],
            Current = code == current,
            Href = $"{pagePath}?lang={code}" + (receipt is null ? "" : $"&receipt={receipt}"),
        })];

    /// <summary>Renders a page body, then the shared layout around it.</summary>
    private async Task<string> RenderAsync(IFluidTemplate template, object model)
    {
        var context = new TemplateContext(model, _options);
        var body = await template.RenderAsync(context, HtmlEncoder.Default);
        context.SetValue("body", body);
        return await _layout.RenderAsync(context, HtmlEncoder.Default);
    }
}
