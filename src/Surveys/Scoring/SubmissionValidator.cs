using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Scoring;

/// <summary>
/// A submission as it arrives, before validation. Answer values are raw text ("4"), so a JSON body and a
/// form post are checked by the same rules; null or empty means "not answered".
/// </summary>
public sealed record SubmissionRequest(
    string? SubmissionId,
    string? InstrumentId,
    int? InstrumentVersion,
    string? Language,
    IReadOnlyDictionary<string, string?>? Answers,
    IReadOnlyDictionary<string, string?>? OpenText)
{
    /// <summary>The answer to the optional role question of a shared staff link; null or empty when not answered.</summary>
    public string? Role { get; init; }
}

/// <summary>One reason a submission was refused; <see cref="Field"/> names the part of the body it is about.</summary>
public sealed record SubmissionError(string Field, string Code, string Message);

/// <summary>Checks a <see cref="SubmissionRequest"/> against the instrument its link is for; either every error or a clean submission.</summary>
public static partial class SubmissionValidator
{
    public static SubmissionValidation Validate(SubmissionRequest request, Instrument instrument, SubmissionContext context)
    {
        var errors = new List<SubmissionError>();

        if (request.SubmissionId is null || !SubmissionIdPattern().IsMatch(request.SubmissionId))
        {
            errors.Add(new("submissionId", "submission-id", "submissionId is required: 8 to 64 letters, digits or dashes (a GUID works)."));
        }

        if (request.InstrumentId != instrument.Id)
        {
            errors.Add(new("instrument", "wrong-instrument", $"This link is for instrument '{instrument.Id}', not '{request.InstrumentId}'."));
        }
        else if (request.InstrumentVersion != instrument.Version)
        {
            errors.Add(new("version", "wrong-version", $"This survey is '{instrument.Id}' version {instrument.Version}; the answers are for version {request.InstrumentVersion?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}. Reload the survey and submit again."));
        }

        var language = string.IsNullOrEmpty(request.Language) ? LocalizedText.DefaultLanguage : request.Language;
        if (!instrument.Languages.Contains(language))
        {
            errors.Add(new("language", "language", $"Language '{language}' is not available; use one of: {string.Join(", ", instrument.Languages)}."));
        }

        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var dontKnow = new List<string>();
        foreach (var (itemId, raw) in request.Answers ?? new Dictionary<string, string?>())
        {
            var item = instrument.FindItem(itemId);
            if (item is null)
            {
                errors.Add(new($"answers.{Printable(itemId)}", "unknown-item", $"'{Printable(itemId)}' is not a question of {instrument.Key}."));
            }
            else if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            else if (raw == Item.DontKnowAnswer)
            {
                if (item.DontKnow)
                {
                    dontKnow.Add(itemId);
                }
                else
                {
                    errors.Add(new($"answers.{itemId}", "no-dont-know", $"'{itemId}' does not offer \"don't know\"; answer it from {item.Min} to {item.Max}."));
                }
            }
            // int.TryParse still reads "4\0" as 4 (it skips trailing NULs), so the digits are checked first.
            else if (!raw.All(char.IsAsciiDigit) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                errors.Add(new($"answers.{itemId}", "not-a-number", $"The answer to '{itemId}' must be a whole number from {item.Min} to {item.Max}."));
            }
            else if (value < item.Min || value > item.Max)
            {
                errors.Add(new($"answers.{itemId}", "out-of-range", $"The answer to '{itemId}' is {value}; it must be from {item.Min} to {item.Max}."));
            }
            else
            {
                answers[itemId] = value;
            }
        }

        var openText = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (promptId, raw) in request.OpenText ?? new Dictionary<string, string?>())
        {
            var prompt = instrument.OpenPrompts.FirstOrDefault(p => p.Id == promptId);
            var text = Clean(raw);
            if (prompt is null)
            {
                errors.Add(new($"openText.{Printable(promptId)}", "unknown-prompt", $"'{Printable(promptId)}' is not an open question of {instrument.Key}."));
            }
            else if (text.Length > prompt.MaxLength)
            {
                errors.Add(new($"openText.{promptId}", "too-long", $"The answer to '{promptId}' has {text.Length} characters; the limit is {prompt.MaxLength}."));
            }
            else if (text.Length > 0)
            {
                openText[promptId] = text;
            }
        }

        // Checked after the answers themselves, so a required item answered out of range reports that, not "required".
        foreach (var item in instrument.Items.Where(i => i.Required && !answers.ContainsKey(i.Id) && !dontKnow.Contains(i.Id) && !errors.Any(e => e.Field == $"answers.{i.Id}")))
        {
            errors.Add(new($"answers.{item.Id}", "required", $"'{item.Id}' is a required question of {instrument.Key}; answer it from {item.Min} to {item.Max}."));
        }

        var role = context.Role;
        if (!string.IsNullOrEmpty(request.Role))
        {
            if (context.RoleChoices.Contains(request.Role))
            {
                role = request.Role;
            }
            else
            {
                errors.Add(new("role", "unknown-role", context.RoleChoices.Count == 0
                    ? "This link does not ask for a role."
                    : $"'{Printable(request.Role)}' is not a role this link offers; use one of: {string.Join(", ", context.RoleChoices)}."));
            }
        }

        if (errors.Count == 0 && answers.Count == 0 && dontKnow.Count == 0 && openText.Count == 0)
        {
            errors.Add(new("answers", "empty", "The submission has no answers. Answer at least one question."));
        }

        if (errors.Count > 0)
        {
            return new SubmissionValidation(null, errors);
        }

        return new SubmissionValidation(
            new Submission(request.SubmissionId!, context.RoundId, context.NetworkId, context.SchoolId, instrument.Id, instrument.Version, language, DateOnly.FromDateTime(context.ReceivedAt.UtcDateTime), answers, openText)
            {
                DontKnow = [.. dontKnow.Order(StringComparer.Ordinal)],
                Role = role,
            },
            errors);
    }

    /// <summary>Trims and drops control characters other than tabs and line breaks.</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A caller-supplied key shown back in an error: short, and without markup or control characters.</summary>
    private static string Printable(string key)
    {
        var cleaned = new string([.. key.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.').Take(64)]);
        return cleaned.Length == 0 ? "?" : cleaned;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex SubmissionIdPattern();
}

/// <summary>Where a submission belongs, taken from its link (never from the body), and when it arrived (only its UTC day is kept).</summary>
public sealed record SubmissionContext(string RoundId, string NetworkId, string SchoolId, DateTimeOffset ReceivedAt)
{
    /// <summary>The role group a personal link stores with its answers.</summary>
    public string? Role { get; init; }

    /// <summary>The role groups a shared link's optional role question offers.</summary>
    public IReadOnlyList<string> RoleChoices { get; init; } = [];
}

/// <summary>The outcome of validation: a <see cref="Submission"/> when <see cref="Errors"/> is empty.</summary>
public sealed record SubmissionValidation(Submission? Submission, IReadOnlyList<SubmissionError> Errors)
{
    public bool IsValid => Submission is not null;
}
