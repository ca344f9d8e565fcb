using System.Globalization;
using System.Text;
using CsCheck;
using ReadinessPipeline.Functions.SubmitSurvey;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>The submission parser and validator on generated input: the rules hold for every answer set, not just the examples.</summary>
public class SubmissionProperties
{
    private static readonly Catalog Catalog = Catalog.LoadDefault();
    private static readonly SubmissionContext Context = new("round-1", "network-1", "school-1", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A shipped instrument and a non-empty answer set on its scales, in one of its languages (or none: the default).</summary>
    private static readonly Gen<(Instrument Instrument, Dictionary<string, string?> Answers, string? Language)> ValidAnswers =
        Gen.OneOfConst([.. Catalog.Instruments]).SelectMany(instrument => Gen.Select(
            Gen.Shuffle(instrument.Items.ToArray(), 1, instrument.Items.Count)
                .SelectMany(items => Gen.Int[1, 5].Array[items.Length].Select(values => items.Select((item, i) => (item, value: Math.Clamp(values[i], item.Min, item.Max))))),
            Gen.OneOfConst<string?>([null, .. instrument.Languages]),
            (answers, language) => (instrument, answers.ToDictionary(a => a.item.Id, a => (string?)a.value.ToString(CultureInfo.InvariantCulture)), language)));

    private static SubmissionRequest Request(Instrument instrument, IReadOnlyDictionary<string, string?> answers, string? language = null, int? version = null) =>
        new(Guid.NewGuid().ToString(), instrument.Id, version ?? instrument.Version, language, answers, null);

    [Fact]
    public void Every_answer_set_on_the_items_scales_is_accepted_exactly_as_given()
    {
        ValidAnswers.Sample((instrument, answers, language) =>
        {
            var result = SubmissionValidator.Validate(Request(instrument, answers, language), instrument, Context);

            Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
            Assert.Equal(answers.ToDictionary(a => a.Key, a => int.Parse(a.Value!, CultureInfo.InvariantCulture)), result.Submission!.Answers);
            Assert.Equal(language ?? LocalizedText.DefaultLanguage, result.Submission.Language);
            Assert.Equal((Context.SchoolId, Context.RoundId), (result.Submission.SchoolId, result.Submission.RoundId));
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void Any_answer_off_the_scale_refuses_the_whole_submission_naming_that_item()
    {
        var gen = Gen.Select(ValidAnswers, Gen.Int[0, 1000], Gen.Int);
        gen.Sample((valid, pick, badValue) =>
        {
            var (instrument, answers, language) = valid;
            var itemId = answers.Keys.ElementAt(pick % answers.Count);
            var item = instrument.FindItem(itemId)!;
            if (badValue >= item.Min && badValue <= item.Max)
            {
                badValue = item.Max + 1 + Math.Abs(badValue % 1000);
            }

            var result = SubmissionValidator.Validate(Request(instrument, new Dictionary<string, string?>(answers) { [itemId] = badValue.ToString(CultureInfo.InvariantCulture) }, language), instrument, Context);

            // A minus sign is not part of a whole number on the scale, so "-3" is refused as not a number.
            var error = Assert.Single(result.Errors);
            Assert.Equal(($"answers.{itemId}", badValue < 0 ? "not-a-number" : "out-of-range"), (error.Field, error.Code));
            Assert.Null(result.Submission);
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void Any_answer_that_is_not_a_plain_whole_number_is_refused()
    {
        var notWhole = Gen.OneOf(
            Gen.OneOfConst("4.0", "4.5", "1e0", "+4", " 4", "4 ", "0x4", "٤", "4\0", "true", "\"4\"", "[4]", "{}", "99999999999999999999"),
            Hostile.Text.Where(t => !string.IsNullOrWhiteSpace(t) && !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out _)));
        Gen.Select(ValidAnswers, notWhole).Sample((valid, raw) =>
        {
            var (instrument, answers, _) = valid;
            var itemId = answers.Keys.First();

            var result = SubmissionValidator.Validate(Request(instrument, new Dictionary<string, string?>(answers) { [itemId] = raw }), instrument, Context);

            Assert.False(result.IsValid);
            Assert.Contains(result.Errors, e => e.Field == $"answers.{itemId}" && e.Code is "not-a-number" or "out-of-range");
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void Unknown_items_wrong_versions_and_unknown_languages_are_always_refused_with_their_own_code()
    {
        var gen = Gen.Select(ValidAnswers, Hostile.Text, Gen.Int, Hostile.Text.Where(t => t.Length > 0 && t is not ("en" or "es")));
        gen.Sample((valid, unknownItem, version, language) =>
        {
            var (instrument, answers, _) = valid;
            if (instrument.FindItem(unknownItem) is not null || version == instrument.Version)
            {
                return;
            }

            var codes = new[]
            {
                SubmissionValidator.Validate(Request(instrument, new Dictionary<string, string?>(answers) { [unknownItem] = "3" }), instrument, Context),
                SubmissionValidator.Validate(Request(instrument, answers, version: version), instrument, Context),
                SubmissionValidator.Validate(Request(instrument, answers, language: language), instrument, Context),
            }.Select(r => Assert.Single(r.Errors).Code);

            Assert.Equal(["unknown-item", "wrong-version", "language"], codes);
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void Error_fields_quote_unknown_keys_without_markup_or_control_characters()
    {
        Gen.Select(ValidAnswers, Hostile.Text).Sample((valid, key) =>
        {
            var (instrument, answers, _) = valid;
            var result = SubmissionValidator.Validate(
                new SubmissionRequest(Guid.NewGuid().ToString(), instrument.Id, instrument.Version, null, new Dictionary<string, string?>(answers) { [key + "<x>"] = "3" }, new Dictionary<string, string?> { [key + "<y>"] = "text" }),
                instrument,
                Context);

            Assert.All(result.Errors, e => Assert.DoesNotMatch("[<>\"&\\p{C}]", e.Field + e.Message));
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void The_JSON_reader_turns_any_bytes_into_a_request_or_a_reason_and_never_throws()
    {
        var json = Gen.OneOf(Hostile.Bytes, JsonShapes.Body.Select(Encoding.UTF8.GetBytes));
        json.Sample(body =>
        {
            var (request, _, error) = SubmissionJson.Parse(body);

            Assert.True(request is null != (error is null), "exactly one of a request and an error");
        }, iter: Hostile.PureIterations);
    }
}
