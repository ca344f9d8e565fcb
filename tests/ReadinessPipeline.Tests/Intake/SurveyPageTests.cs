using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Intake;

/// <summary>The survey pages served by GetSurvey, and the plain (no JavaScript) form post to SubmitSurvey.</summary>
public class SurveyPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly HtmlParser Parser = new();

    private static async Task<(HttpResponseMessage Response, IDocument Page)> GetPageAsync(HttpClient client, string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await client.SendAsync(request);
        return (response, await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_version_2_staff_form_offers_dont_know_where_an_item_does_and_answer_labels_per_item_on_the_young_form()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness", "student-sel-3-5"], version: 2);
        var staff = app.Service<Catalog>().Find("staff-readiness", 2)!;

        var (_, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "staff-readiness")}?lang=es");
        var (_, young) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-3-5")}");

        var dontKnow = page.QuerySelectorAll("input[type=radio][value=dont-know]");
        Assert.Equal(staff.Items.Where(i => i.DontKnow).Select(i => "a:" + i.Id), dontKnow.Select(r => r.GetAttribute("name")));
        Assert.All(dontKnow, r => Assert.Equal("No sé", r.ParentElement!.TextContent.Trim()));
        Assert.Equal("Very true", young.QuerySelector("#q-belonging-1 .option:last-child")!.TextContent.Trim());
        Assert.Equal("Always", young.QuerySelector("#q-relationships-2 .option:last-child")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_form_has_every_item_as_a_labelled_radio_group_in_the_chosen_language()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var instrument = app.Service<Catalog>().Find("staff-readiness", 1)!;

        var (response, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "staff-readiness")}?lang=es");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        var fieldsets = page.QuerySelectorAll("fieldset.item");
        Assert.Equal(instrument.Items.Count, fieldsets.Length);
        foreach (var (fieldset, item) in fieldsets.Zip(instrument.Items))
        {
            Assert.Contains(item.Text.In("es"), fieldset.QuerySelector("legend")!.TextContent, StringComparison.Ordinal);
            var radios = fieldset.QuerySelectorAll("input[type=radio]");
            Assert.Equal(5, radios.Length);
            Assert.All(radios, r => Assert.Equal("a:" + item.Id, r.GetAttribute("name")));
            Assert.All(radios, r => Assert.Equal("LABEL", r.ParentElement!.TagName));
        }

        Assert.Equal(3, page.QuerySelectorAll("textarea").Length);
        Assert.All(page.QuerySelectorAll("textarea"), t => Assert.NotNull(page.QuerySelector($"label[for='{t.Id}']")));
        Assert.Equal(instrument.ScaleLabels[0].In("es"), fieldsets[0].QuerySelector("label span")!.TextContent);
    }

    [Fact]
    public async Task The_page_carries_a_strict_policy_and_nothing_from_other_origins()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);

        var (response, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-3-5")}");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        var nonce = page.QuerySelector("script")!.GetAttribute("nonce");
        Assert.Contains($"script-src 'nonce-{nonce}'", policy, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script[src], link[href], img[src^='http'], iframe"));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("grades-3-5", page.Body!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_language_is_used_when_none_is_chosen()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);

        var (_, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-6-12")}", "es-MX,es;q=0.9,en;q=0.5");

        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("nav a[hreflang=en]"));
    }

    [Fact]
    public async Task A_closed_round_shows_a_closed_page_in_the_persons_language()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var rounds = app.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { State = RoundState.Closed }, CancellationToken.None);

        var (response, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-6-12")}?lang=es");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Esta encuesta ya cerró", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector("form"));
    }

    [Fact]
    public async Task A_round_not_yet_open_says_when_it_opens_in_Spanish_words()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var rounds = app.Service<RoundStore>();
        var stored = (await rounds.GetAsync(round.Round.NetworkId, round.Round.Id, CancellationToken.None))!;
        await rounds.TryReplaceAsync(stored, stored.Round with { OpensAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) }, CancellationToken.None);

        var (response, page) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-6-12")}?lang=es");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("1 de diciembre de 2026", page.QuerySelector("main p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_link_gets_a_helpful_404_page()
    {
        var (response, page) = await GetPageAsync(app.Http, "api/surveys/not-a-real-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("This survey link does not work", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_plain_form_post_stores_the_answers_and_shows_the_receipt()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var (client, form) = await OpenFormAsync(round.Token("school-a", "staff-readiness"));
        form["a:leadership-1"] = "4";
        form["a:leadership-2"] = "5";
        form["t:strengths"] = "Our <b>advisory</b> program";

        var response = await client.PostAsync($"api/surveys/{round.Token("school-a", "staff-readiness")}/responses", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", page.QuerySelector("#receipt")!.TextContent);
        var stored = (await app.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", form["submissionId"], CancellationToken.None))?.Submission;
        Assert.Equal(new Dictionary<string, int> { ["leadership-1"] = 4, ["leadership-2"] = 5 }, stored!.Answers);
        Assert.Equal("Our <b>advisory</b> program", stored.OpenText["strengths"]);
    }

    [Fact]
    public async Task A_form_post_without_its_anti_forgery_token_is_refused_and_stores_nothing()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var (client, form) = await OpenFormAsync(round.Token("school-a", "staff-readiness"));
        form.Remove("__RequestVerificationToken");
        form["a:leadership-1"] = "4";

        var response = await client.PostAsync($"api/surveys/{round.Token("school-a", "staff-readiness")}/responses", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
    }

    [Fact]
    public async Task An_invalid_form_post_shows_the_form_again_with_the_error_at_its_field_and_the_answers_kept()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var (client, form) = await OpenFormAsync(round.Token("school-a", "staff-readiness"));
        form["language"] = "es";
        form["a:leadership-1"] = "4";
        form["a:leadership-2"] = "7";

        var response = await client.PostAsync($"api/surveys/{round.Token("school-a", "staff-readiness")}/responses", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var field = page.QuerySelector("#q-leadership-2")!;
        Assert.Equal("e-leadership-2", field.GetAttribute("aria-describedby"));
        Assert.Equal("Elija una de las opciones.", page.QuerySelector("#e-leadership-2")!.TextContent);
        Assert.NotNull(page.QuerySelector("input[name='a:leadership-1'][value='4'][checked]"));
        Assert.Equal(form["submissionId"], page.QuerySelector("input[name=submissionId]")!.GetAttribute("value"));
        Assert.Equal("#q-leadership-2", page.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
    }

    [Fact]
    public async Task Student_pages_speak_to_a_child_and_staff_pages_to_an_adult()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5", "staff-readiness"]);

        var (_, student) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "student-sel-3-5")}?lang=es");
        var (_, staff) = await GetPageAsync(app.Http, $"api/surveys/{round.Token("school-a", "staff-readiness")}?lang=es");

        Assert.Equal("Puedes saltarte cualquier pregunta.", student.QuerySelector("p.hint")!.TextContent);
        Assert.Equal("Puede dejar sin responder cualquier pregunta.", staff.QuerySelector("p.hint")!.TextContent);
        Assert.Contains("Tomar decisiones", student.QuerySelectorAll("section h2").Select(h => h.TextContent));
        Assert.Contains("Liderazgo", staff.QuerySelectorAll("section h2").Select(h => h.TextContent));
        Assert.Contains("Tus respuestas se guardan", student.QuerySelector("#saved-hint")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_asking_for_JSON_gets_each_error_in_the_forms_language_and_stores_nothing()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["staff-readiness"]);
        var token = round.Token("school-a", "staff-readiness");
        var (client, form) = await OpenFormAsync(token);
        form["language"] = "es";
        form["a:leadership-1"] = "4";
        form["a:leadership-2"] = "7";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/surveys/{token}/responses") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid-submission", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("out-of-range", problem.RootElement.GetProperty("errorCodes").GetProperty("answers.leadership-2").GetString());
        Assert.Equal("Elija una de las opciones.", problem.RootElement.GetProperty("messages").GetProperty("answers.leadership-2").GetString());
        Assert.Empty(await app.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
    }

    [Fact]
    public async Task The_thank_you_page_after_a_plain_form_post_is_worded_for_a_student_and_offers_every_language()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var token = round.Token("school-a", "student-sel-6-12");
        var (client, form) = await OpenFormAsync(token);
        form["language"] = "es";
        form["a:competency-1"] = "5";

        var response = await client.PostAsync($"api/surveys/{token}/responses", new FormUrlEncodedContent(form));

        var page = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Recibimos tus respuestas. ¡Ya terminaste!", page.QuerySelector("main p")!.TextContent);
        var english = page.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href")!;
        Assert.Equal($"/api/surveys/{token}?lang=en&receipt={page.QuerySelector("#receipt")!.TextContent}", english);
    }

    /// <summary>GETs the form with a cookie-keeping client and returns its hidden fields.</summary>
    private async Task<(HttpClient Client, Dictionary<string, string> Form)> OpenFormAsync(string token)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var (_, page) = await GetPageAsync(client, $"api/surveys/{token}");
        var form = page.QuerySelectorAll("form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        return (client, form);
    }
}
