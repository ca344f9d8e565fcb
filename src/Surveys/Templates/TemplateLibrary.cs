using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace ReadinessPipeline.Surveys.Templates;

/// <summary>
/// The editable Liquid templates under <c>Data/templates</c> (emails, reports), parsed once and rendered with Fluid.
/// HTML output is encoded by default; subjects and plain text are not. An email template renders three parts from one
/// file, chosen by the <c>part</c> variable: "subject", "text" or "html".
/// </summary>
public sealed class TemplateLibrary
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly string _directory;
    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = new() { MemberAccessStrategy = UnsafeMemberAccessStrategy.Instance };
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);

    public TemplateLibrary(string directory)
    {
        _directory = directory;
        _options.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory);
        _options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        _options.Filters.AddFilter("percent", (input, _, _) => new StringValue(input.IsNil() ? "" : $"{input.ToNumberValue():0}%"));
        _options.Filters.AddFilter("fraction_percent", (input, _, _) => new StringValue(input.IsNil() ? "" : $"{input.ToNumberValue() * 100:0}%"));
        _options.Filters.AddFilter("decimal", (input, arguments, _) =>
            new StringValue(input.IsNil() ? "" : input.ToNumberValue().ToString("F" + (int)(arguments.At(0).IsNil() ? 2 : arguments.At(0).ToNumberValue()), System.Globalization.CultureInfo.InvariantCulture)));
        _options.Filters.AddFilter("signed_whole", (input, _, _) =>
            new StringValue(input.IsNil() ? "" : Math.Round(input.ToNumberValue(), MidpointRounding.AwayFromZero).ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture)));
        _options.Filters.AddFilter("signed", (input, _, _) =>
            new StringValue(input.IsNil() ? "" : input.ToNumberValue().ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static TemplateLibrary LoadDefault() => new(Path.Combine(AppContext.BaseDirectory, "Data", "templates"));

    /// <summary>
    /// HTML with markup characters encoded and every other character as it is: Spanish or Vietnamese reads as text in
    /// the .eml and page source, not as numeric entities.
    /// </summary>
    public ValueTask<string> RenderHtmlAsync(string name, object model, string? part = null) => RenderAsync(name, model, part, Html);

    public ValueTask<string> RenderTextAsync(string name, object model, string? part = null) => RenderAsync(name, model, part, NullEncoder.Default);

    /// <summary>Subject, plain text and HTML of an email template.</summary>
    public async Task<(string Subject, string Text, string Html)> RenderEmailAsync(string name, object model) =>
        ((await RenderTextAsync(name, model, "subject")).Trim(), (await RenderTextAsync(name, model, "text")).Trim() + "\n", await RenderHtmlAsync(name, model, "html"));

    private async ValueTask<string> RenderAsync(string name, object model, string? part, TextEncoder encoder)
    {
        var template = _templates.GetOrAdd(name, Parse);
        var context = new TemplateContext(model, _options);
        if (part is not null)
        {
            context.SetValue("part", part);
        }

        return await template.RenderAsync(context, encoder);
    }

    private IFluidTemplate Parse(string name)
    {
        var path = Path.Combine(_directory, name + ".liquid");
        if (!_parser.TryParse(File.ReadAllText(path), out var template, out var error))
        {
            throw new InvalidOperationException($"Template {path} does not parse: {error}");
        }

        return template;
    }
}
