using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Scoring;

public class SubmissionValidatorTests
{
    private static readonly SubmissionContext Context = new("round-1", "network-1", "school-1", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static SubmissionRequest Request(
        Dictionary<string, string?>? answers = null,
        Dictionary<string, string?>? openText = null,
        string? id = "8f3a2b10-0000-4000-8000-000000000001",
        string? instrument = "test",
        int? version = 1,
        string? language = "es") =>
        new(id, instrument, version, language, answers ?? new() { ["a1"] = "4", ["b2"] = "2" }, openText);

    private static SubmissionValidation Validate(SubmissionRequest request) =>
        SubmissionValidator.Validate(request, TestInstruments.TwoDimensions(), Context);

    [Fact]
    public void A_clean_submission_takes_its_place_from_the_link_and_keeps_its_language()
    {
        var result = Validate(Request(openText: new() { ["notes"] = "  good  " }));

        Assert.True(result.IsValid);
        var submission = result.Submission!;
        Assert.Equal(("round-1", "network-1", "school-1", "es"), (submission.RoundId, submission.NetworkId, submission.SchoolId, submission.Language));
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 4, ["b2"] = 2 }, submission.Answers);
        Assert.Equal("good", submission.OpenText["notes"]);
    }

    [Fact]
    public void Empty_answers_are_skipped_not_zero()
    {
        var result = Validate(Request(new() { ["a1"] = "3", ["a2"] = "", ["a3"] = null }));

        Assert.Equal(["a1"], result.Submission!.Answers.Keys);
    }

    [Theory]
    [InlineData("zz", "1", "unknown-item", "answers.zz")]
    [InlineData("a1", "6", "out-of-range", "answers.a1")]
    [InlineData("a1", "0", "out-of-range", "answers.a1")]
    [InlineData("a1", "4.5", "not-a-number", "answers.a1")]
    [InlineData("a1", "-1", "not-a-number", "answers.a1")]
    [InlineData("a1", "\"4\"", "not-a-number", "answers.a1")]
    public void Bad_answers_are_refused_with_the_field_named(string item, string value, string code, string field)
    {
        var result = Validate(Request(new() { [item] = value, ["b1"] = "3" }));

        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Null(result.Submission);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Validate(Request(new() { ["a1"] = "9", ["nope"] = "1" }, id: "bad id", language: "fr"));

        Assert.Equal(["submission-id", "language", "out-of-range", "unknown-item"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Wrong_instrument_and_wrong_version_are_different_errors()
    {
        Assert.Equal("wrong-instrument", Assert.Single(Validate(Request(instrument: "other")).Errors).Code);
        Assert.Equal("wrong-version", Assert.Single(Validate(Request(version: 2)).Errors).Code);
        Assert.Equal("wrong-version", Assert.Single(Validate(Request(version: null)).Errors).Code);
    }

    [Fact]
    public void Open_text_over_its_limit_is_refused()
    {
        var result = Validate(Request(openText: new() { ["notes"] = new string('x', 21) }));

        Assert.Equal(("openText.notes", "too-long"), (result.Errors[0].Field, result.Errors[0].Code));
    }

    [Fact]
    public void Open_text_at_its_limit_is_kept_without_control_characters()
    {
        var result = Validate(Request(openText: new() { ["notes"] = "line one\nline\u0000two\u0007" }));

        Assert.Equal("line one\nlinetwo", result.Submission!.OpenText["notes"]);
    }

    [Fact]
    public void A_submission_without_any_answer_is_refused()
    {
        var result = Validate(Request(new() { ["a1"] = "" }));

        Assert.Equal("empty", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Keys_echoed_in_errors_are_stripped_of_markup()
    {
        var result = Validate(Request(new() { ["<script>alert(1)</script>"] = "1" }));

        Assert.Equal("answers.scriptalert1script", result.Errors[0].Field);
        Assert.DoesNotContain("<", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_language_means_English()
    {
        Assert.Equal("en", Validate(Request(language: null)).Submission!.Language);
    }

    /// <summary>TwoDimensions with a2 and b3 required.</summary>
    private static Instrument WithRequired()
    {
        var instrument = TestInstruments.TwoDimensions();
        return instrument with { Items = [.. instrument.Items.Select(i => i.Id is "a2" or "b3" ? i with { Required = true } : i)] };
    }

    [Fact]
    public void Each_unanswered_required_question_is_refused_by_its_field_and_the_rest_is_checked_too()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a1"] = "4", ["a2"] = "", ["b1"] = "9" }), WithRequired(), Context);

        Assert.Null(result.Submission);
        Assert.Equal([("answers.b1", "out-of-range"), ("answers.a2", "required"), ("answers.b3", "required")], result.Errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void A_required_question_answered_out_of_range_reports_the_range_not_a_missing_answer()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a2"] = "0", ["b3"] = "2" }), WithRequired(), Context);

        Assert.Equal(("answers.a2", "out-of-range"), (Assert.Single(result.Errors).Field, result.Errors[0].Code));
    }

    [Fact]
    public void With_the_required_questions_answered_the_others_may_be_skipped()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a2"] = "5", ["b3"] = "1" }), WithRequired(), Context);

        Assert.Equal(new Dictionary<string, int> { ["a2"] = 5, ["b3"] = 1 }, result.Submission!.Answers);
    }

    [Fact]
    public void An_empty_submission_to_a_form_with_required_questions_names_those_questions()
    {
        var result = SubmissionValidator.Validate(Request([]), WithRequired(), Context);

        Assert.Equal(["answers.a2", "answers.b3"], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal("required", e.Code));
    }
}
