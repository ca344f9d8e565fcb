using Microsoft.Playwright;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Tests.Browser;

/// <summary>
/// Takes a survey the way a keyboard user does: Tab to the skip link, Enter, then Tab from question to question,
/// Space and the arrow keys to choose, typing in the comment boxes, Enter on Send. Nothing is clicked and no answer
/// is set by script; every step first checks that the keyboard is where a person would expect it.
/// </summary>
public static class KeyboardSurvey
{
    /// <summary>What the element with the keyboard focus is: a radio's name, else its id.</summary>
    public static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? (e.type === 'radio' ? e.name : (e.id || e.className || e.tagName)) : ''; }");

    /// <summary>
    /// Waits until the focus is on <paramref name="expected"/> (as <see cref="FocusedAsync"/> names it). Autofocus
    /// is applied at the browser's next rendering step, which can come after the load event.
    /// </summary>
    public static async Task WaitForFocusAsync(IPage page, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var focused = await FocusedAsync(page);
        while (focused != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            focused = await FocusedAsync(page);
        }

        Assert.Equal(expected, focused);
    }

    /// <summary>From a freshly loaded page: the skip link, then the first answer of the first question.</summary>
    public static async Task ToFirstQuestionAsync(IPage page)
    {
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await FocusedAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.StartsWith("a:", await FocusedAsync(page), StringComparison.Ordinal);
    }

    /// <summary>On the focused question (none chosen yet): Space picks the first answer, each arrow the next one.</summary>
    public static async Task ChooseAsync(IPage page, string itemId, int value, int min = 1)
    {
        Assert.Equal("a:" + itemId, await FocusedAsync(page));
        await page.Keyboard.PressAsync(" ");
        for (var v = min; v < value; v++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }
    }

    /// <summary>
    /// Walks the whole form from the first question: answers the items in <paramref name="answers"/>, skips the
    /// others with Tab, types the open answers, and ends with the keyboard on the Send button.
    /// </summary>
    public static async Task FillAsync(IPage page, Instrument instrument, IReadOnlyDictionary<string, int> answers, IReadOnlyDictionary<string, string>? openText = null)
    {
        await ToFirstQuestionAsync(page);
        await AnswerAllAsync(page, instrument, answers, openText);
    }

    /// <summary>
    /// From the first question: answers the items in <paramref name="answers"/>, answers "don't know" to those in
    /// <paramref name="dontKnow"/> (the option after the scale), skips the others with Tab, types the open answers,
    /// and ends with the keyboard on the Send button.
    /// </summary>
    public static async Task AnswerAllAsync(IPage page, Instrument instrument, IReadOnlyDictionary<string, int> answers, IReadOnlyDictionary<string, string>? openText = null, IReadOnlyCollection<string>? dontKnow = null)
    {
        foreach (var item in instrument.Items)
        {
            if (answers.TryGetValue(item.Id, out var value))
            {
                await ChooseAsync(page, item.Id, value, item.Min);
            }
            else if (dontKnow?.Contains(item.Id) == true)
            {
                await ChooseAsync(page, item.Id, item.Max + 1, item.Min);
                Assert.Equal(Item.DontKnowAnswer, await page.EvaluateAsync<string>("() => document.activeElement.value"));
            }
            else
            {
                Assert.Equal("a:" + item.Id, await FocusedAsync(page));
            }

            await page.Keyboard.PressAsync("Tab");
        }

        foreach (var prompt in instrument.OpenPrompts)
        {
            Assert.Equal("t-" + prompt.Id, await FocusedAsync(page));
            if (openText?.GetValueOrDefault(prompt.Id) is { } text)
            {
                await page.Keyboard.TypeAsync(text);
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("send", await FocusedAsync(page));
    }

    /// <summary>
    /// Presses <paramref name="key"/> and waits until the page has moved to an address containing <paramref name="part"/>
    /// and loaded. The wait starts before the key press: a navigation that finishes quickly is otherwise missed.
    /// </summary>
    /// <summary>Accepts every dialog the page opens (a leave warning, an alert) and records its type, in order.</summary>
    public static List<string> AcceptDialogs(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Type);
            await dialog.AcceptAsync();
        };
        return dialogs;
    }

    public static Task PressAndWaitForUrlAsync(IPage page, string key, string part) =>
        BrowserFixture.NavigateAsync(page, () => page.Keyboard.PressAsync(key), url => url.Contains(part, StringComparison.Ordinal));

    /// <summary>
    /// Does <paramref name="send"/> (which posts the form without the page script) and waits until the page the
    /// server answers with has loaded; returns that answer.
    /// </summary>
    public static async Task<IResponse> PostFormAsync(IPage page, Func<Task> send)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            var response = await page.RunAndWaitForResponseAsync(send, r => r.Request.Method == "POST" && r.Url.EndsWith("/responses", StringComparison.Ordinal));
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(15));
            return response;
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

    /// <summary>A spread of answers over the scale that leaves every seventh question unanswered, as people do.</summary>
    public static Dictionary<string, int> SampleAnswers(Instrument instrument) =>
        instrument.Items
            .Select((item, index) => (item, index))
            .Where(x => x.index % 7 != 6)
            .ToDictionary(x => x.item.Id, x => x.item.Min + ((x.index * 3) % (x.item.Max - x.item.Min + 1)));

    /// <summary>The answers the page shows as chosen, read from the page.</summary>
    public static async Task<Dictionary<string, int>> ChosenAsync(IPage page) =>
        (await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('input[type=radio]:checked')].map(e => [e.name.slice(2), e.value])"))
            .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture));
}
