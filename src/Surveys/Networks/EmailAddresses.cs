using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>The one rule for which email addresses the product accepts and how it writes them.</summary>
public static partial class EmailAddresses
{
    /// <summary>The longest address SMTP can carry (RFC 5321 path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// Trims and lowercases a plain address (ann@school.org) and checks it. The whole address is lowercased, not
    /// only the domain: school mail systems treat local parts case-insensitively, and roster keys and duplicate
    /// checks need one spelling per person.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? address)
    {
        address = null;
        var candidate = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength)
        {
            return false;
        }

        // MailAddress is what the senders build messages with, so an address it refuses would fail at send time.
        // It also accepts display names, quoted local parts, comments and IP literals; requiring the parsed address
        // to be the whole text and matching the plain pattern below narrows it to an everyday mailbox.
        if (!MailAddress.TryCreate(candidate, out var parsed) || parsed.Address != candidate || parsed.DisplayName.Length != 0
            || !PlainAddress().IsMatch(candidate))
        {
            return false;
        }

        address = candidate;
        return true;
    }

    // Local part: dot-atom of at most 64 characters that starts with a letter, digit or '_' (an address starting
    // with '=', '+' or '-' would be a formula in a spreadsheet export). Domain: at least two DNS labels, the last
    // one starting with a letter, so "ann@localhost" and "ann@10.0.0.1" are refused.
    [GeneratedRegex(
        @"^(?=[^@]{1,64}@)[a-z0-9_][a-z0-9!#$%&'*+/=?^_`{|}~-]*(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex PlainAddress();
}
