using System.Text.RegularExpressions;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Tests.Instruments;

/// <summary>
/// The student forms are read by children: every English item of the grades 3-5 form is at or under grade 3, and of
/// the grades 6-12 form at or under grade 6, on the Flesch-Kincaid grade level
/// (0.39 x words per sentence + 11.8 x syllables per word - 15.59; Kincaid et al., 1975, the formula the US Navy and
/// most readability tools use). Syllables are counted by the rule in <see cref="Syllables"/>.
/// </summary>
public partial class ReadingLevelTests
{
    private static readonly Catalog Shipped = Catalog.LoadDefault();

    /// <summary>
    /// Syllables of an English word: lower-case it and keep its letters; count the runs of vowels (a, e, i, o, u, y);
    /// take one off for a silent final "e" (but not "-le", as in "people") and for a final "-ed" that is not "-ted" or
    /// "-ded" (as in "learned"); never fewer than one.
    /// </summary>
    public static int Syllables(string word)
    {
        var letters = new string([.. word.ToLowerInvariant().Where(char.IsAsciiLetterLower)]);
        if (letters.Length == 0)
        {
            return 0;
        }

        var count = VowelRuns().Count(letters);
        if (count > 1 && letters.EndsWith('e') && !letters.EndsWith("le", StringComparison.Ordinal))
        {
            count--;
        }

        if (count > 1 && letters.EndsWith("ed", StringComparison.Ordinal) && !letters.EndsWith("ted", StringComparison.Ordinal) && !letters.EndsWith("ded", StringComparison.Ordinal))
        {
            count--;
        }

        return Math.Max(count, 1);
    }

    public static double GradeLevel(string text)
    {
        var sentences = Math.Max(1, SentenceEnds().Split(text).Count(s => s.Trim().Length > 0));
        var words = Words().Matches(text).Select(m => m.Value).ToList();
        var syllables = words.Sum(Syllables);
        return (0.39 * words.Count / sentences) + (11.8 * syllables / words.Count) - 15.59;
    }

    [Theory]
    [InlineData("school", 1)]
    [InlineData("learning", 2)]
    [InlineData("because", 2)]
    [InlineData("people", 2)]
    [InlineData("every", 3)]
    [InlineData("different", 3)]
    [InlineData("teacher", 2)]
    [InlineData("family", 3)]
    [InlineData("the", 1)]
    [InlineData("make", 1)]
    [InlineData("learned", 1)]
    [InlineData("needed", 2)]
    [InlineData("you", 1)]
    [InlineData("don't", 1)]
    public void Syllables_are_counted_by_the_documented_rule(string word, int expected)
    {
        Assert.Equal(expected, Syllables(word));
    }

    [Fact]
    public void Grade_level_follows_the_Flesch_Kincaid_formula()
    {
        // "I like coming to school.": 5 words, 1 sentence, 6 syllables (com-ing): 0.39 * 5 + 11.8 * 6 / 5 - 15.59 = 0.52.
        Assert.Equal(0.52, GradeLevel("I like coming to school."), 2);

        // "Students learn. Teachers help them.": 5 words, 2 sentences, 7 syllables (stu-dents, teach-ers):
        // 0.39 * 2.5 + 11.8 * 7 / 5 - 15.59 = 1.905.
        Assert.Equal(1.905, GradeLevel("Students learn. Teachers help them."), 3);
    }

    [Theory]
    [InlineData("student-sel-3-5", 3.0)]
    [InlineData("student-sel-6-12", 6.0)]
    public void Every_item_of_the_newest_student_forms_is_at_or_under_its_grade_level(string instrumentId, double highestGrade)
    {
        var form = Shipped.Latest(instrumentId)!;

        var tooHard = form.Items.Select(i => (i.Id, Grade: GradeLevel(i.Text.In("en")))).Where(i => i.Grade > highestGrade).ToList();

        Assert.True(tooHard.Count == 0, string.Join("; ", tooHard.Select(i => $"{i.Id} at grade {i.Grade:0.0}")));
    }

    [GeneratedRegex("[aeiouy]+")]
    private static partial Regex VowelRuns();

    [GeneratedRegex("[.!?]+")]
    private static partial Regex SentenceEnds();

    [GeneratedRegex("[A-Za-z']+")]
    private static partial Regex Words();
}
