using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Functions.Pages;

/// <summary>
/// What a survey form shows: the instrument in one language, with any answers and errors to show again, and a message
/// beside Send (<see cref="StatusKey"/>, a page text key) when the answers came back unsent.
/// </summary>
public sealed record FormState(
    string SubmissionId,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string> OpenText,
    IReadOnlyDictionary<string, string> Errors)
{
    public string? StatusKey { get; init; }

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

    /// <summary>
    /// The form for an instrument. <paramref name="sharedLink"/>: a class's shared link, often opened by one child after
    /// another on the same school computer, so unsent answers are kept only in the browser tab (a reload or a lost
    /// connection keeps them; closing the tab forgets them), where a personal link keeps them on the device.
    /// </summary>
    /// <param name="roleChoices">A shared staff link's role groups, for its optional role question (none: no question).</param>
    public Task<string> FormAsync(Instrument instrument, string language, string pagePath, string action, FormState state, string nonce, (string Field, string Token)? antiforgery, bool preview, bool sharedLink = false, IReadOnlyList<string>? roleChoices = null)
    {
        var ui = _ui.For(language, instrument.Audience);
        var numbers = instrument.Items.Select((item, index) => (item.Id, Number: index + 1)).ToDictionary(i => i.Id, i => i.Number, StringComparer.Ordinal);
        var sections = instrument.Dimensions.Select(dimension => new
        {
            Id = dimension.Id,
            Name = instrument.SectionTitle(dimension, language),
            Items = instrument.ItemsOf(dimension.Id).Select(item => new
            {
                Id = item.Id,
                Number = numbers[item.Id],
                Text = item.Text.In(language),
                Required = item.Required,
                Error = state.Errors.GetValueOrDefault("answers." + item.Id),
                Options = Enumerable.Range(item.Min, item.Max - item.Min + 1).Select(value => new
                {
                    Value = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Label = instrument.LabelFor(item, value).In(language),
                    Checked = state.Answers.TryGetValue(item.Id, out var answer) && answer == value,
                }).Concat(item.DontKnow
                    ? [new { Value = Item.DontKnowAnswer, Label = ui["dontKnow"], Checked = state.Answers.TryGetValue(item.Id, out var known) && known == Item.DontKnowCode }]
                    : []).ToList(),
            }).ToList(),
        }).ToList();

        // The summary names each question by its number, so a person on a long form knows where to look; each
        // entry links to its field.
        var errors = state.Errors.Select(e =>
            e.Key.StartsWith("answers.", StringComparison.Ordinal) && numbers.TryGetValue(e.Key["answers.".Length..], out var number)
                ? new { Anchor = "q-" + e.Key["answers.".Length..], Message = _ui.Format(language, instrument.Audience, "errorAt", ("number", number), ("message", e.Value)) }
            : e.Key.StartsWith("openText.", StringComparison.Ordinal)
                ? new { Anchor = "t-" + e.Key["openText.".Length..], Message = e.Value }
                : new { Anchor = "q-" + instrument.Items[0].Id, Message = e.Value }).ToList();

        var model = new
        {
            Lang = language,
            PageTitle = instrument.Title.In(language),
            Title = instrument.Title.In(language),
            Intro = instrument.Introduction.In(language),
            SkipHint = ui[instrument.Items.Any(i => i.Required) ? "optionalWithRequired" : "optional"],
            BodyClass = BodyClass(instrument),
            Nonce = nonce,
            Css = _css,
            Script = _script,
            Ui = ui,
            Languages = Languages(instrument.Languages, language, pagePath),
            Preview = preview,
            Action = action,
            StorageKey = "survey:" + pagePath,
            StorageArea = sharedLink ? "session" : "local",
            SavedHint = ui[sharedLink ? "savedInTab" : "savedLocally"],
            SubmissionId = state.SubmissionId,
            InstrumentId = instrument.Id,
            Version = instrument.Version,
            AntiforgeryField = antiforgery?.Field,
            AntiforgeryToken = antiforgery?.Token,
            RoleChoices = (roleChoices ?? []).Select(group => new
            {
                Value = group,
                Label = string.Join($" {ui["roleAnd"]} ", group.Split('+').Select(role => ui["role" + char.ToUpperInvariant(role[0]) + role[1..]])),
            }).ToList(),
            Total = instrument.Items.Count,
            Answered = state.Answers.Count,
            ProgressText = _ui.Format(language, "progress", ("answered", state.Answers.Count), ("total", instrument.Items.Count)),
            Sections = sections,
            Errors = errors,
            Status = state.StatusKey is { } status ? ui[status] : null,
            Prompts = instrument.OpenPrompts.Select(p => new
            {
                Id = p.Id,
                Text = p.Text.In(language),
                Hint = _ui.Format(language, instrument.Audience, "openTextHint", ("max", p.MaxLength)),
                Max = p.MaxLength,
                Value = state.OpenText.GetValueOrDefault(p.Id, ""),
                Error = state.Errors.GetValueOrDefault("openText." + p.Id),
            }).ToList(),
        };
        return RenderAsync(_form, model);
    }

    /// <summary>
    /// The words a person sees for each refused field of a submission, in their language and register, by field
    /// (<c>answers.&lt;item&gt;</c>, <c>openText.&lt;prompt&gt;</c>, <c>answers</c>). The same words serve the re-rendered
    /// form (no JavaScript) and the page script, which shows them beside the fields.
    /// </summary>
    public Dictionary<string, string> ErrorMessages(string language, Instrument instrument, SubmissionRequest request, IEnumerable<SubmissionError> errors)
    {
        var ui = _ui.For(language, instrument.Audience);
        return errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First() switch
        {
            { Code: "out-of-range" or "not-a-number" } => ui["errorRange"],
            { Code: "required" } => ui["errorRequired"],
            { Code: "empty" } => ui["errorEmpty"],
            { Code: "too-long", Field: var field } when instrument.OpenPrompts.FirstOrDefault(p => "openText." + p.Id == field) is { } prompt
                => _ui.Format(language, instrument.Audience, "errorTooLong", ("length", request.OpenText?[prompt.Id]?.Trim().Length ?? 0), ("max", prompt.MaxLength)),
            _ => ui["errorGeneric"],
        });
    }

    /// <summary>A short page: a heading and a sentence (closed round, used link, thank you with a receipt), worded for the audience of <paramref name="instrument"/> when the link names one.</summary>
    public Task<string> MessageAsync(string language, Instrument? instrument, IReadOnlyList<string> languages, string pagePath, string titleKey, string bodyKey, string nonce, string? receipt = null, params (string Name, object Value)[] values)
    {
        var audience = instrument?.Audience;
        var model = new
        {
            Lang = language,
            PageTitle = _ui.Format(language, audience, titleKey, values),
            Heading = _ui.Format(language, audience, titleKey, values),
            Body = _ui.Format(language, audience, bodyKey, values),
            Nonce = nonce,
            Css = _css,
            Ui = _ui.For(language, audience),
            Languages = Languages(languages, language, pagePath, receipt),
            BodyClass = instrument is null ? "message" : $"message {BodyClass(instrument)}".TrimEnd(),
            Receipt = receipt,
            StorageKeyJson = JsonSerializer.Serialize("survey:" + pagePath),
        };
        return RenderAsync(_message, model);
    }

    /// <summary>Grades 3-5 get larger text and answer targets.</summary>
    /// <summary>Larger text for grades 3-5; a sixth answer column in the matrix when some item offers "don't know".</summary>
    private static string BodyClass(Instrument instrument) =>
        string.Join(' ', new[] { instrument.GradeBand == "3-5" ? "grades-3-5" : "", instrument.Items.Any(i => i.DontKnow) ? "with-dont-know" : "" }.Where(c => c.Length > 0));

    public string FormatDate(string language, DateTimeOffset date) => _ui.FormatDate(language, date);

    private List<object> Languages(IReadOnlyList<string> languages, string current, string pagePath, string? receipt = null) =>
        [.. languages.Select(code => (object)new
        {
            Code = code,
            Name = _ui.For(code)["languageName"],
            Current = code == current,
            Href = $"{pagePath}{(pagePath.Contains('?', StringComparison.Ordinal) ? '&' : '?')}lang={code}" + (receipt is null ? "" : $"&receipt={receipt}"),
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
