using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>Taking the surveys in a real Chromium, by keyboard only: sending, reloading, losing the connection, errors.</summary>
[Collection(nameof(BrowserCollection))]
public partial class SurveyKeyboardTests(BrowserFixture browser)
{
    public static TheoryData<string, string> FormsAndLanguages => new()
    {
        { "staff-readiness", "en" },
        { "staff-readiness", "es" },
        { "student-sel-3-5", "en" },
        { "student-sel-3-5", "es" },
        { "student-sel-6-12", "en" },
        { "student-sel-6-12", "es" },
    };

    [Theory]
    [MemberData(nameof(FormsAndLanguages))]
    public async Task Each_form_is_completed_and_sent_by_keyboard_alone_and_stored_with_its_language(string instrumentId, string language)
    {
        var round = await browser.OpenRoundAsync(["school-a"], [instrumentId]);
        var instrument = browser.Service<Catalog>().Find(instrumentId, 1)!;
        var answers = KeyboardSurvey.SampleAnswers(instrument);
        var openText = instrument.OpenPrompts.Take(2).ToDictionary(p => p.Id, p => $"Más tiempo para planificar ({p.Id})");
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;

        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", instrumentId)}"));
        if (language == "es")
        {
            // The language switcher, by keyboard: skip link, English (current), Español.
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("Español", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
            await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "lang=es");
        }

        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await KeyboardSurvey.FillAsync(page, instrument, answers, openText);
        var expectedProgress = language == "es" ? $"{answers.Count} de {instrument.Items.Count} preguntas respondidas" : $"{answers.Count} of {instrument.Items.Count} questions answered";
        Assert.Equal(expectedProgress, await page.TextContentAsync("#progress-text"));
        var submissionId = await page.InputValueAsync("input[name=submissionId]");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");
        Assert.Equal(language == "es" ? "¡Gracias!" : "Thank you!", await page.TextContentAsync("h1"));
        Assert.Matches(ReceiptPattern(), await page.TextContentAsync("#receipt") ?? "");
        var stored = (await browser.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", submissionId, CancellationToken.None))?.Submission;
        Assert.NotNull(stored);
        Assert.Equal(language, stored.Language);
        Assert.Equal(answers.OrderBy(a => a.Key, StringComparer.Ordinal), stored.Answers.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal(openText.OrderBy(t => t.Key, StringComparer.Ordinal), stored.OpenText.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Null(await page.EvaluateAsync<string?>("key => localStorage.getItem(key) ?? sessionStorage.getItem(key)", $"survey:/api/surveys/{round.Token("school-a", instrumentId)}"));
    }

    [Fact]
    public async Task A_reload_mid_survey_warns_first_then_keeps_the_answers_and_the_submission_id()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var instrument = browser.Service<Catalog>().Find("student-sel-6-12", 1)!;
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;
        var dialogs = KeyboardSurvey.AcceptDialogs(page);
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-6-12")}"));
        var submissionId = await page.InputValueAsync("input[name=submissionId]");

        await KeyboardSurvey.ToFirstQuestionAsync(page);
        await KeyboardSurvey.ChooseAsync(page, instrument.Items[0].Id, 4);
        await page.Keyboard.PressAsync("Tab");
        await KeyboardSurvey.ChooseAsync(page, instrument.Items[1].Id, 2);
        await page.ReloadAsync();

        Assert.Equal(["beforeunload"], dialogs);
        Assert.Equal(new Dictionary<string, int> { [instrument.Items[0].Id] = 4, [instrument.Items[1].Id] = 2 }, await KeyboardSurvey.ChosenAsync(page));
        Assert.Equal(submissionId, await page.InputValueAsync("input[name=submissionId]"));
        Assert.Equal($"2 of {instrument.Items.Count} questions answered", await page.TextContentAsync("#progress-text"));
        Assert.True(await page.IsVisibleAsync("#saved-hint"));
    }

    [Fact]
    public async Task A_class_link_forgets_unsent_answers_with_its_tab_and_a_personal_link_keeps_them_on_the_device()
    {
        var shared = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var personal = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], LinkKind.Personal);
        var (context, first) = await browser.NewPageAsync();
        await using var _ = context;
        var reloads = 0;
        first.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        first.Load += (_, _) => reloads++;

        foreach (var path in new[] { $"api/surveys/{shared.Token("school-a", "student-sel-3-5")}", $"api/surveys/{personal.Token("school-a", "staff-readiness")}" })
        {
            await first.GotoAsync(browser.Url(path));
            await KeyboardSurvey.ToFirstQuestionAsync(first);
            await KeyboardSurvey.ChooseAsync(first, "competency-1", 3);
            await first.ReloadAsync();
            Assert.Equal(new Dictionary<string, int> { ["competency-1"] = 3 }, await KeyboardSurvey.ChosenAsync(first));
        }

        Assert.Equal(4, reloads);

        // The next person at this computer opens the links in a new tab.
        var next = await context.NewPageAsync();
        await next.GotoAsync(browser.Url($"api/surveys/{shared.Token("school-a", "student-sel-3-5")}"));
        Assert.Empty(await KeyboardSurvey.ChosenAsync(next));
        await next.GotoAsync(browser.Url($"api/surveys/{personal.Token("school-a", "staff-readiness")}"));
        Assert.Equal(new Dictionary<string, int> { ["competency-1"] = 3 }, await KeyboardSurvey.ChosenAsync(next));
    }

    [Fact]
    public async Task Switching_language_mid_survey_keeps_the_answers_without_a_leave_warning()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var instrument = browser.Service<Catalog>().Find("student-sel-3-5", 1)!;
        var (context, page) = await browser.NewPageAsync();
        await using var _ = context;
        var dialogs = KeyboardSurvey.AcceptDialogs(page);
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-3-5")}"));
        await KeyboardSurvey.ToFirstQuestionAsync(page);
        await KeyboardSurvey.ChooseAsync(page, instrument.Items[0].Id, 5);

        // Back up to the language links: Shift+Tab past the skip link's target.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Español", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "lang=es");

        Assert.Empty(dialogs);
        Assert.Equal(instrument.Items[0].Text.In("es"), (await page.TextContentAsync($"#q-{instrument.Items[0].Id} legend"))![3..].Trim());
        Assert.Equal(new Dictionary<string, int> { [instrument.Items[0].Id] = 5 }, await KeyboardSurvey.ChosenAsync(page));
    }

    [Fact]
    public async Task Sending_while_the_server_is_unreachable_keeps_the_answers_and_sending_again_stores_exactly_one_submission()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var instrument = browser.Service<Catalog>().Find("student-sel-3-5", 1)!;
        var answers = KeyboardSurvey.SampleAnswers(instrument);
        var archive = browser.Service<SubmissionArchive>();
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844, locale: "es-MX");
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-3-5")}"));
        Assert.Equal("es", await page.GetAttributeAsync("html", "lang"));
        await KeyboardSurvey.FillAsync(page, instrument, answers);
        var submissionId = await page.InputValueAsync("input[name=submissionId]");

        browser.Proxy.Cut();
        try
        {
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.length > 0");
        }
        finally
        {
            browser.Proxy.Resume();
        }

        await BrowserFixture.ScreenshotAsync(page, "offline-student-sel-3-5-es-phone", fullPage: false);
        Assert.Equal(browser.Service<UiText>().For("es", Audience.Student)["offline"], await page.TextContentAsync("#status"));
        Assert.Equal("alert", await page.GetAttributeAsync("#status", "role"));
        Assert.Equal(answers, await KeyboardSurvey.ChosenAsync(page));
        Assert.Empty(await archive.SubmissionIdsAsync(round.Round.Key));

        // The keyboard is still on Send: the person presses it again once the connection is back.
        Assert.Equal("send", await KeyboardSurvey.FocusedAsync(page));
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");

        Assert.Equal("¡Gracias!", await page.TextContentAsync("h1"));
        Assert.Equal([submissionId], await archive.SubmissionIdsAsync(round.Round.Key));
        Assert.Equal(answers, (await archive.GetAsync(round.Round.Key, "school-a", submissionId, CancellationToken.None))?.Submission.Answers);
    }

    [Fact]
    public async Task A_missing_required_answer_is_shown_at_its_question_and_announced_in_the_persons_language()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["practice-check"]);
        var instrument = browser.Service<Catalog>().Latest("practice-check")!;
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "practice-check")}?lang=es"));
        Assert.Equal("true", await page.EvaluateAsync<string>("() => String(document.querySelector(\"input[name='a:competency-1']\").required)"));

        await KeyboardSurvey.FillAsync(page, instrument, new Dictionary<string, int> { ["competency-2"] = 3 });
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#error-summary");

        await BrowserFixture.ScreenshotAsync(page, "required-answer-missing-es-phone", fullPage: false);
        Assert.Equal("error-summary", await KeyboardSurvey.FocusedAsync(page));
        Assert.Equal("alert", await page.GetAttributeAsync("#error-summary", "role"));
        Assert.Equal(
            ["Pregunta 1: Por favor, responde esta pregunta.", "Pregunta 3: Por favor, responde esta pregunta."],
            await page.Locator("#error-summary li").AllTextContentsAsync());
        Assert.Equal("e-competency-1", await page.GetAttributeAsync("#q-competency-1", "aria-describedby"));
        Assert.Equal("Por favor, responde esta pregunta.", await page.TextContentAsync("#e-competency-1"));
        Assert.Null(await page.GetAttributeAsync("#q-competency-2", "aria-describedby"));
        Assert.Empty(await browser.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));

        // The summary's first link takes the keyboard to the question; answering it clears its message.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await KeyboardSurvey.ChooseAsync(page, "competency-1", 4);
        Assert.Equal(0, await page.Locator("#e-competency-1").CountAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await KeyboardSurvey.ChooseAsync(page, "flexible-1", 2);
        await page.Keyboard.PressAsync("Tab");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");
        var stored = (await browser.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", Assert.Single(await browser.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key)), CancellationToken.None))?.Submission;
        Assert.Equal(new Dictionary<string, int> { ["competency-1"] = 4, ["competency-2"] = 3, ["flexible-1"] = 2 }, stored!.Answers);
        Assert.Equal("es", stored.Language);
    }

    [Fact]
    public async Task Without_javascript_a_missing_required_answer_comes_back_with_the_form_the_answers_and_the_error_in_focus()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["practice-check"]);
        var instrument = browser.Service<Catalog>().Latest("practice-check")!;
        var (context, page) = await browser.NewPageAsync(javaScript: false, locale: "es-ES");
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "practice-check")}"));

        await KeyboardSurvey.FillAsync(page, instrument, new Dictionary<string, int> { ["competency-1"] = 5 });
        var response = await KeyboardSurvey.PostFormAsync(page, () => page.Keyboard.PressAsync("Enter"));

        Assert.Equal(400, response.Status);
        await KeyboardSurvey.WaitForFocusAsync(page, "error-summary");
        Assert.Equal(["Pregunta 3: Por favor, responde esta pregunta."], await page.Locator("#error-summary li").AllTextContentsAsync());
        Assert.Equal("e-flexible-1", await page.GetAttributeAsync("#q-flexible-1", "aria-describedby"));
        Assert.Equal(new Dictionary<string, int> { ["competency-1"] = 5 }, await ChosenWithoutScriptAsync(page));

        // Tab from the summary to its link, Enter jumps to the question; then answer it and send.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await KeyboardSurvey.ChooseAsync(page, "flexible-1", 3);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("send", await KeyboardSurvey.FocusedAsync(page));
        response = await KeyboardSurvey.PostFormAsync(page, () => page.Keyboard.PressAsync("Enter"));

        Assert.Equal(200, response.Status);
        Assert.Equal("¡Gracias!", await page.TextContentAsync("h1"));
        var id = Assert.Single(await browser.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
        var stored = (await browser.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))?.Submission;
        Assert.Equal(new Dictionary<string, int> { ["competency-1"] = 5, ["flexible-1"] = 3 }, stored!.Answers);
        Assert.Equal("es", stored.Language);
    }

    [Fact]
    public async Task Sending_a_form_with_no_answers_asks_for_at_least_one_in_the_persons_words()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["student-sel-6-12"]);
        var (context, page) = await browser.NewPageAsync(locale: "es-US");
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "student-sel-6-12")}"));

        await page.FocusAsync("#send");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#error-summary");

        Assert.Equal(["Responde al menos una pregunta y luego presiona Enviar."], await page.Locator("#error-summary li").AllTextContentsAsync());
        Assert.Equal("error-summary", await KeyboardSurvey.FocusedAsync(page));
        Assert.Empty(await browser.Service<SubmissionArchive>().SubmissionIdsAsync(round.Round.Key));
    }

    [Fact]
    public async Task Dont_know_on_the_version_2_staff_form_is_chosen_by_keyboard_and_stored_apart_from_the_answers()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], version: 2);
        var instrument = browser.Service<Catalog>().Find("staff-readiness", 2)!;
        var offered = instrument.Items.Where(i => i.DontKnow).Select(i => i.Id).ToList();
        string[] dontKnow = [offered[0], offered[^1]];
        var answers = KeyboardSurvey.SampleAnswers(instrument).Where(a => !dontKnow.Contains(a.Key)).ToDictionary();
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;
        await page.GotoAsync(browser.Url($"api/surveys/{round.Token("school-a", "staff-readiness")}"));

        // The option after the scale, reached with the arrow keys and announced by its own label.
        await KeyboardSurvey.ToFirstQuestionAsync(page);
        await KeyboardSurvey.AnswerAllAsync(page, instrument, answers, dontKnow: dontKnow);
        Assert.Equal(["Don't know", "Don't know"], await page.Locator("input[type=radio][value=dont-know]:checked").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.labels[0].textContent.trim())"));
        Assert.Equal($"{answers.Count + 2} of {instrument.Items.Count} questions answered", await page.TextContentAsync("#progress-text"));
        var submissionId = await page.InputValueAsync("input[name=submissionId]");
        await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");

        var stored = (await browser.Service<SubmissionArchive>().GetAsync(round.Round.Key, "school-a", submissionId, CancellationToken.None))?.Submission;
        Assert.Equal(2, stored!.InstrumentVersion);
        Assert.Equal(dontKnow.Order(StringComparer.Ordinal), stored.DontKnow);
        Assert.Equal(answers.OrderBy(a => a.Key, StringComparer.Ordinal), stored.Answers.OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shared_staff_link_asks_the_optional_role_question_first_and_a_person_may_answer_or_pass_it_by_keyboard()
    {
        var round = await browser.OpenRoundAsync(["school-a"], ["staff-readiness"], version: 2);
        var instrument = browser.Service<Catalog>().Find("staff-readiness", 2)!;
        var token = await browser.Service<LinkStore>().CreateAsync(
            hash => new SurveyLink(hash, LinkKind.Shared, round.Round.NetworkId, round.Round.Id, "school-a", "staff-readiness", 2, null, false) { RoleChoices = ["teacher", "support+administrator"] },
            CancellationToken.None);
        var answers = new Dictionary<string, int> { [instrument.Items[0].Id] = 4 };
        var (context, page) = await browser.NewPageAsync(width: 390, height: 844);
        await using var _ = context;

        var ids = new List<string>();
        foreach (var role in new[] { "support+administrator", null })
        {
            await page.GotoAsync(browser.Url($"api/surveys/{token}"));
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("skip", await KeyboardSurvey.FocusedAsync(page));
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Tab");

            // The role question comes first, its hint tied to it; Space picks "Teacher", the arrow the merged group.
            Assert.Equal("role", await KeyboardSurvey.FocusedAsync(page));
            Assert.Equal("Your role at this school (optional)", await page.EvaluateAsync<string>("() => document.activeElement.closest('fieldset').querySelector('legend').textContent"));
            Assert.Equal("role-hint", await page.GetAttributeAsync("#q-role", "aria-describedby"));
            if (role is not null)
            {
                await page.Keyboard.PressAsync(" ");
                await page.Keyboard.PressAsync("ArrowRight");
                Assert.Equal([role, "Support staff or Administrator"], await page.EvaluateAsync<string[]>("() => [document.activeElement.value, document.activeElement.labels[0].textContent.trim()]"));
            }

            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("a:" + instrument.Items[0].Id, await KeyboardSurvey.FocusedAsync(page));
            await KeyboardSurvey.AnswerAllAsync(page, instrument, answers);
            ids.Add(await page.InputValueAsync("input[name=submissionId]"));
            await KeyboardSurvey.PressAndWaitForUrlAsync(page, "Enter", "receipt=");
        }

        var archive = browser.Service<SubmissionArchive>();
        var stored = await Task.WhenAll(ids.Select(async id => (await archive.GetAsync(round.Round.Key, "school-a", id, CancellationToken.None))!.Submission));
        Assert.Equal(["support+administrator", null], stored.Select(s => s.Role));
        Assert.All(stored, s => Assert.Equal(answers, s.Answers));
    }

    /// <summary>Chosen answers read from the DOM without running page script (the context has JavaScript off).</summary>
    private static async Task<Dictionary<string, int>> ChosenWithoutScriptAsync(IPage page)
    {
        var chosen = new Dictionary<string, int>();
        foreach (var radio in await page.Locator("input[type=radio]").AllAsync())
        {
            if (await radio.IsCheckedAsync())
            {
                chosen[(await radio.GetAttributeAsync("name"))![2..]] = int.Parse((await radio.GetAttributeAsync("value"))!, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return chosen;
    }

    [GeneratedRegex("^[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex ReceiptPattern();
}
