using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Scoring;

/// <summary>"Don't know" is its own answer: stored as code 15, counted as not answered in every score, never as neutral.</summary>
public class DontKnowTests
{
    private static readonly SubmissionContext Context = new("round-1", "network-1", "school-1", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Dimension "a": a1, a2 (offers "don't know"), a3 (reverse-coded, offers "don't know"), a4.</summary>
    private static Instrument WithDontKnow()
    {
        var built = TestInstruments.Build([("a1", "a", false), ("a2", "a", false), ("a3", "a", true), ("a4", "a", false)]);
        return built with { Items = [.. built.Items.Select(i => i.Id is "a2" or "a3" ? i with { DontKnow = true } : i)] };
    }

    private static SubmissionRequest Request(Dictionary<string, string?> answers) =>
        new("8f3a2b10-0000-4000-8000-000000000001", "test", 1, "en", answers, null);

    [Fact]
    public void A_dont_know_answer_is_kept_apart_from_the_answers()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a1"] = "4", ["a2"] = "dont-know" }), WithDontKnow(), Context);

        Assert.True(result.IsValid);
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 4 }, result.Submission!.Answers);
        Assert.Equal(["a2"], result.Submission.DontKnow);
    }

    [Fact]
    public void Dont_know_alone_is_an_answer_not_an_empty_submission()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a3"] = "dont-know" }), WithDontKnow(), Context);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Dont_know_on_an_item_that_does_not_offer_it_is_refused()
    {
        var result = SubmissionValidator.Validate(Request(new() { ["a1"] = "dont-know" }), WithDontKnow(), Context);

        Assert.False(result.IsValid);
        Assert.Equal(("answers.a1", "no-dont-know"), (result.Errors.Single().Field, result.Errors.Single().Code));
    }

    [Fact]
    public void Dont_know_is_stored_as_code_15_and_scored_as_missing_never_as_neutral()
    {
        var plan = new ScoringPlan(WithDontKnow());
        var submission = SubmissionValidator.Validate(Request(new() { ["a1"] = "5", ["a2"] = "dont-know", ["a3"] = "dont-know", ["a4"] = "4" }), WithDontKnow(), Context).Submission!;

        var bytes = plan.ToAnswerBytes(submission);
        var score = plan.Score(bytes)[0];

        Assert.Equal([5, 15, 15, 4], bytes);

        // Two of four answered (enough: half rounded up): (5 + 4) / 2 = 4.5, both favorable. Had the two "don't know"
        // been neutral 3s, the score would be (5 + 3 + 3 + 4) / 4 = 3.75.
        Assert.Equal(new DimensionScore(4.5, 2, 2), score);
    }

    [Fact]
    public void Three_dont_know_of_four_leave_too_few_answers_for_a_score()
    {
        var plan = new ScoringPlan(WithDontKnow());

        Assert.Equal(new DimensionScore(null, 1, 1), plan.Score([5, 15, 15, 0])[0]);
    }

    [Fact]
    public void A_respondent_with_a_dont_know_is_not_complete_for_alpha()
    {
        var plan = new ScoringPlan(WithDontKnow());
        var alpha = new AlphaAccumulator(plan);

        alpha.Add([5, 4, 2, 4]);
        alpha.Add([3, 15, 3, 3]);
        alpha.Add([2, 2, 4, 1]);

        Assert.Equal(2, alpha.CompleteRespondents(0));
    }
}
