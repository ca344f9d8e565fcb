using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CsCheck;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Tests.Profiles;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// The renderers with markup in every text a person can type or a coach can import (school and network names, open
/// comments, answers shown again on the form, a link's path): the page has exactly the elements it has with plain
/// text, so no tag, attribute or script gets in, whatever the text.
/// </summary>
public class HtmlEscapingProperties
{
    private static readonly HtmlParser Parser = new();
    private static readonly ReportRenderer Renderer = new(TemplateLibrary.LoadDefault());
    private static readonly SurveyPages Pages = new(UiText.LoadDefault());
    private static readonly Catalog Catalog = Catalog.LoadDefault();

    private static readonly Gen<string> Markup = Gen.OneOf(
        Gen.OneOfConst(Hostile.Markup),
        Hostile.HostileName,
        Gen.Select(Gen.OneOfConst(Hostile.Markup), Hostile.AwkwardText, (payload, tail) => tail + payload + tail));

    [Fact]
    public async Task School_reports_and_emails_keep_their_structure_with_markup_in_names_and_comments()
    {
        await Gen.Select(Markup, Markup, Markup).SampleAsync(async (school, network, comment) =>
        {
            var plain = School("Plain school", "Plain network", "Plain comment");
            var hostile = School(school, network, comment);

            AssertSameStructure(await Renderer.SchoolPageAsync(plain, null), await Renderer.SchoolPageAsync(hostile, null), "school page");
            AssertSameStructure((await Renderer.SchoolEmailAsync(plain, null, "https://reports.example/r/x")).Html, (await Renderer.SchoolEmailAsync(hostile, null, "https://reports.example/r/x")).Html, "school email");
        }, iter: 100);
    }

    [Fact]
    public async Task The_network_summary_keeps_its_structure_with_markup_in_school_names()
    {
        await Gen.Select(Markup, Markup).SampleAsync(async (school, network) =>
        {
            var plain = Network("Plain school", "Plain network");
            var hostile = Network(school, network);

            AssertSameStructure(await Renderer.NetworkPageAsync(plain), await Renderer.NetworkPageAsync(hostile), "network page");
            AssertSameStructure((await Renderer.NetworkEmailAsync(plain, null, null)).Html, (await Renderer.NetworkEmailAsync(hostile, null, null)).Html, "network email");
        }, iter: 100);
    }

    [Fact]
    public async Task The_survey_form_shown_again_keeps_its_structure_with_markup_in_open_answers_and_messages()
    {
        var instrument = Catalog.Latest("staff-readiness")!;
        var prompt = instrument.OpenPrompts[0].Id;
        await Gen.Select(Markup, Markup, Markup).SampleAsync(async (answer, message, submissionId) =>
        {
            Task<string> Render(string text, string error, string id) => Pages.FormAsync(
                instrument, "en", "/api/surveys/token", "/api/surveys/token/responses",
                new FormState(id, new Dictionary<string, int>(), new Dictionary<string, string> { [prompt] = text }, new Dictionary<string, string> { ["openText." + prompt] = error, ["answers"] = error }),
                "nonce", ("__form", "form-token"), preview: false);

            AssertSameStructure(await Render("plain", "plain", "plain"), await Render(answer, message, submissionId), "survey form");
        }, iter: 100);
    }

    [Fact]
    public async Task Message_pages_keep_their_structure_whatever_path_and_receipt_they_are_given()
    {
        await Gen.Select(Markup, Markup).SampleAsync(async (path, receipt) =>
        {
            AssertSameStructure(
                await Pages.MessageAsync("en", null, ["en", "es"], "/api/surveys/plain", "thanksTitle", "thanksBody", "nonce", "plain"),
                await Pages.MessageAsync("en", null, ["en", "es"], "/api/surveys/" + path, "thanksTitle", "thanksBody", "nonce", receipt),
                "message page");
        }, iter: 100);
    }

    /// <summary>Same elements in the same order, same attribute names on each; no script without the nonce; no event handlers or script links.</summary>
    private static void AssertSameStructure(string plain, string hostile, string what)
    {
        static List<string> Shape(IDocument document) =>
            [.. document.All.Select(e => e.LocalName + "(" + string.Join(",", e.Attributes.Select(a => a.Name)) + ")")];

        var expected = Parser.ParseDocument(plain);
        var actual = Parser.ParseDocument(hostile);
        Assert.Equal(Shape(expected), Shape(actual));
        Assert.All(actual.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(actual.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("nonce"), $"{what}: a script without the nonce"));
        Assert.All(actual.QuerySelectorAll("[href],[src],[action]").SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("src"), e.GetAttribute("action") }).OfType<string>(),
            url => Assert.False(url.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{what}: a link runs script: {url}"));
    }

    private static SchoolReport School(string name, string network, string comment)
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 10, comments: n => new() { ["needs"] = n == 0 ? comment : $"Need {n}" });
        var school = ProfileData.School("a") with { Name = name };
        return ProfileBuilder.School(ProfileData.Inputs(data.Result(), [school]), school) with { NetworkName = network };
    }

    private static NetworkReport Network(string school, string network)
    {
        var data = new ProfileData().Add("a", ProfileData.Staff, 12, score: 2).Add("b", ProfileData.Staff, 12, score: 4);
        return ProfileBuilder.Network(ProfileData.Inputs(data.Result(), [ProfileData.School("a") with { Name = school }, ProfileData.School("b")])) with { NetworkName = network };
    }
}
