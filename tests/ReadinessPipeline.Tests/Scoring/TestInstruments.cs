using ReadinessPipeline.Models;

namespace ReadinessPipeline.Tests.Scoring;

/// <summary>Small instruments built in code, so scoring tests do not move when the shipped items are edited.</summary>
internal static class TestInstruments
{
    /// <summary>Dimension "a": a1, a2, a3 (reverse-coded), a4. Dimension "b": b1, b2, b3. Scale 1-5. One open prompt "notes" (max 20).</summary>
    public static Instrument TwoDimensions() => Build(
        [("a1", "a", false), ("a2", "a", false), ("a3", "a", true), ("a4", "a", false), ("b1", "b", false), ("b2", "b", false), ("b3", "b", false)]);

    public static Instrument Build(IEnumerable<(string Id, string Dimension, bool Reverse)> items, string id = "test", int version = 1)
    {
        var list = items.ToList();
        var dimensions = list.Select(i => i.Dimension).Distinct()
            .Select(d => new Dimension(d, DimensionKind.Principle, LocalizedText.Of(d), LocalizedText.Of(d)))
            .ToList();
        return new Instrument(
            id,
            version,
            "test-framework",
            Audience.Staff,
            null,
            LocalizedText.Of("Test"),
            LocalizedText.Of("Intro"),
            [.. Enumerable.Range(1, 5).Select(i => LocalizedText.Of(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            dimensions,
            [.. list.Select(i => new Item(i.Id, i.Dimension, i.Reverse, 1, 5, LocalizedText.Of(i.Id)))],
            [new OpenPrompt("notes", 20, LocalizedText.Of("Notes"))],
            ["en", "es"]);
    }
}
