using System.Text.RegularExpressions;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// A finding a person has reviewed and accepted, with the reason. Only potential violations (a tool asking for a
/// person's judgement) are ever accepted here; a tool's definite violation is always fixed.
/// </summary>
public sealed record ReviewedFinding(string Rule, string Reason, string? MessagePattern = null)
{
    public bool Covers(string rule, bool potential, string message) =>
        potential && rule == Rule && (MessagePattern is null || Regex.IsMatch(message, MessagePattern, RegexOptions.CultureInvariant));
}

/// <summary>A gap in a mail client's support (doiuse-email's words) that the templates live with, and why.</summary>
public sealed record AcceptedSupportGap(string Pattern, string Reason)
{
    public bool Covers(string finding) => Regex.IsMatch(finding, Pattern, RegexOptions.CultureInvariant);
}

/// <summary>The reviewed findings of the checkers, by tool. The README's "How pages and emails are checked" lists them too.</summary>
public static class ReviewedFindings
{
    /// <summary>IBM accessibility-checker-engine potential violations that were checked by hand and hold on every page.</summary>
    public static readonly ReviewedFinding[] Ibm =
    [
        new("element_tabbable_visible",
            "The skip link is off screen until it has the keyboard focus, then shown at the top left (.skip:focus); the focus test checks it is on screen then."),
        new("style_focus_visible",
            "The pages restyle borders, and every focusable element gets a 3 px dark outline with a yellow halo on :focus-visible; the focus tests compare pixels with and without focus."),
        new("style_color_misuse",
            "Colour never carries meaning alone: errors are also words, a thicker border and the error summary; links are underlined; the current language is bold and aria-current."),
        new("text_sensory_misuse",
            "Question wording uses these words in their ordinary sense (\"no right or wrong answers\", \"a little\"); no instruction points at a position, size or shape.",
            "'(right|left|small|little|extra)'"),
        new("text_sensory_misuse",
            "On the coaches' dashboard \"round\" is always the survey round (the window in which a network's schools are surveyed), never a shape.",
            "'round'"),
        new("heading_markup_misuse",
            "The full report heads each group of staff comments with the survey's question in full (a long heading, which this rule asks about), so readers know what was asked."),
    ];

    /// <summary>doiuse-email findings the templates accept: what the client does instead is what the template expects.</summary>
    public static readonly AcceptedSupportGap[] DoIUseEmail =
    [
        new("^`<body> element` is not supported by `yahoo\\.(ios|android)`$",
            "Yahoo's apps drop <body>; every style the templates put on <body> is repeated on the outer layout table (the email checks verify it)."),
        new("^`border-radius` is not supported by `outlook\\.windows`$",
            "Outlook for Windows draws square corners instead; nothing depends on the rounding."),
        new("^`white-space` is not supported by `outlook\\.windows`$",
            "Outlook for Windows may wrap a short count (\"fewer than 3\") onto two lines; it stays readable."),
    ];
}
