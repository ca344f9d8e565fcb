namespace ReadinessPipeline.Models;

/// <summary>Who answers an instrument.</summary>
public enum Audience
{
    Staff,
    Student,
}

/// <summary>One Likert item: answers are integers from <see cref="Min"/> to <see cref="Max"/>; reverse-coded items are flipped before scoring.</summary>
public sealed record Item(string Id, string Dimension, bool Reverse, int Min, int Max, LocalizedText Text);

/// <summary>An open-text question, kept out of every number and shown only above the open-text floor.</summary>
public sealed record OpenPrompt(string Id, int MaxLength, LocalizedText Text);

/// <summary>A versioned survey: its items in display order, the dimensions they score, and its texts in every language.</summary>
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
    IReadOnlyList<string> Languages)
{
    public string Key => $"{Id}@{Version}";

    public Item? FindItem(string id) => Items.FirstOrDefault(i => i.Id == id);

    public IEnumerable<Item> ItemsOf(string dimensionId) => Items.Where(i => i.Dimension == dimensionId);
}
