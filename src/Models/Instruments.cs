namespace ReadinessPipeline.Models;

/// <summary>Who answers an instrument.</summary>
public enum Audience
{
    Staff,
    Student,
}

/// <summary>
/// One Likert item: answers are integers from <see cref="Min"/> to <see cref="Max"/>; reverse-coded items are flipped
/// before scoring. A <see cref="Required"/> item must be answered for a submission to be accepted; every other item may be skipped.
/// </summary>
public sealed record Item(string Id, string Dimension, bool Reverse, int Min, int Max, LocalizedText Text, bool Required = false)
{
    /// <summary>The stored code of a "don't know" answer (one hex digit beside 1-14 and 0 = not answered): scored as missing.</summary>
    public const byte DontKnowCode = 15;

    /// <summary>The word a submission uses for a "don't know" answer, in JSON, a form post or an offline CSV.</summary>
    public const string DontKnowAnswer = "dont-know";

    /// <summary>Whether the item offers "don't know" (for questions many respondents cannot judge).</summary>
    public bool DontKnow { get; init; }

    /// <summary>
    /// Items of different instruments that share this key ask the same thing of different people (staff and students),
    /// so their results may be set side by side; null when the item has no counterpart.
    /// </summary>
    public string? Parallel { get; init; }

    /// <summary>This item's own answer labels when they differ from the instrument's (an "how often" item on an agreement form).</summary>
    public IReadOnlyList<LocalizedText>? Labels { get; init; }
}

/// <summary>An open-text question, kept out of every number and shown only above the open-text floor.</summary>
public sealed record OpenPrompt(string Id, int MaxLength, LocalizedText Text);

/// <summary>A versioned survey: its items in display order, the dimensions they score, and its texts in every language (section headings optional).</summary>
public sealed record Instrument(
    string Id,
    int Version,
    string FrameworkId,
    Audience Audience,
    string? GradeBand,
    LocalizedText Title,
    LocalizedText Introduction,
    IReadOnlyList<LocalizedText> ScaleLabels,
    IReadOnlyList<Dimension> Dimensions,
    IReadOnlyList<Item> Items,
    IReadOnlyList<OpenPrompt> OpenPrompts,
    IReadOnlyList<string> Languages,
    IReadOnlyDictionary<string, LocalizedText>? SectionTitles = null)
{
    public string Key => $"{Id}@{Version}";

    public Item? FindItem(string id) => Items.FirstOrDefault(i => i.Id == id);

    public IEnumerable<Item> ItemsOf(string dimensionId) => Items.Where(i => i.Dimension == dimensionId);

    /// <summary>The label of answer <paramref name="value"/> to <paramref name="item"/>: the item's own labels, else the instrument's.</summary>
    public LocalizedText LabelFor(Item item, int value) => (item.Labels ?? ScaleLabels)[value - item.Min];

    /// <summary>
    /// The heading of a dimension's questions on the form: the instrument's own words for its audience (a child reads
    /// "Making choices", not "Student-driven learning") when it has them, else the dimension's name.
    /// </summary>
    public string SectionTitle(Dimension dimension, string language) =>
        SectionTitles?.GetValueOrDefault(dimension.Id)?.In(language) ?? dimension.Name.In(language);
}
