using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class GradeSpanTests
{
    [Theory]
    [InlineData("K-5", 0, 5, "K-5")]
    [InlineData("PK-8", -1, 8, "PK-8")]
    [InlineData("6-8", 6, 8, "6-8")]
    [InlineData("9-12", 9, 12, "9-12")]
    [InlineData("K-12", 0, 12, "K-12")]
    [InlineData("3", 3, 3, "3")]
    [InlineData("k", 0, 0, "K")]
    [InlineData(" pk - 2 ", -1, 2, "PK-2")]
    [InlineData("K-K", 0, 0, "K")]
    public void Spans_parse_to_their_lowest_and_highest_grade_and_print_canonically(string text, int low, int high, string canonical)
    {
        var span = GradeSpan.Parse(text);

        Assert.Equal((low, high, canonical), (span.Low, span.High, span.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5-K")]
    [InlineData("12-9")]
    [InlineData("K-13")]
    [InlineData("0-5")]
    [InlineData("05")]
    [InlineData("Pre-K")]
    [InlineData("K-5-8")]
    [InlineData("K–5")]
    [InlineData("K to 5")]
    [InlineData("9 12")]
    public void Anything_else_is_not_a_span(string text)
    {
        Assert.False(GradeSpan.TryParse(text, out var span));
        Assert.Null(span);
        Assert.Throws<FormatException>(() => GradeSpan.Parse(text));
    }

    [Theory]
    [InlineData("K-5", true, false)]
    [InlineData("K-8", true, true)]
    [InlineData("9-12", false, true)]
    [InlineData("K-2", false, false)]
    [InlineData("PK-3", true, false)]
    [InlineData("5-6", true, true)]
    [InlineData("6-8", false, true)]
    [InlineData("12", false, true)]
    public void A_school_gets_the_student_forms_its_grades_overlap(string text, bool grades3To5, bool grades6To12)
    {
        var span = GradeSpan.Parse(text);

        Assert.Equal((grades3To5, grades6To12), (span.IncludesAny(3, 5), span.IncludesAny(6, 12)));
    }

    [Fact]
    public void Spans_with_the_same_grades_are_equal()
    {
        Assert.Equal(GradeSpan.Parse("k-5"), GradeSpan.Parse("K - 5"));
        Assert.NotEqual(GradeSpan.Parse("K-5"), GradeSpan.Parse("K-6"));
    }

    [Fact]
    public void A_reversed_question_range_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradeSpan.Parse("K-5").IncludesAny(5, 3));
    }
}
