using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using Xunit.Sdk;

namespace ReadinessPipeline.Tests.Checkers;

/// <summary>
/// What an email must be for the common mail clients to show it as meant: links allowed to appear in it (the app's
/// public address, or https) and secrets that must never appear (coach keys).
/// </summary>
public sealed record EmailRules(Uri PublicUrl, IReadOnlyList<string> Secrets);

/// <summary>
/// Checks an email as mail clients see it, from its MIME message (the .eml the outbox writes, or what SendGrid gets):
/// the parts, the inline images, the markup, the links, the CSS and HTML the clients support, and the contrast of its
/// colours. One call per email: <c>await Checks.EmailAsync(message, "reminder", rules)</c>.
/// </summary>
public static partial class Checks
{
    /// <summary>Fails the test with every finding on the email.</summary>
    public static async Task EmailAsync(MimeMessage message, string name, EmailRules rules)
    {
        var findings = await EmailFindingsAsync(message, rules);
        if (findings.Count > 0)
        {
            throw new XunitException($"{name}: {findings.Count} findings\n" + string.Join("\n", findings));
        }
    }

    /// <summary>Every finding on the email, each prefixed with what found it.</summary>
    public static async Task<IReadOnlyList<string>> EmailFindingsAsync(MimeMessage message, EmailRules rules)
    {
        var findings = new List<string>();
        var html = message.HtmlBody;
        var text = message.TextBody;
        if (html is null || text is null)
        {
            findings.Add($"mime: an HTML part and a plain text alternative are both needed (HTML: {html is not null}, text: {text is not null})");
            return findings;
        }

        if (message.Body is not Multipart)
        {
            findings.Add("mime: the body is not multipart");
        }

        var document = new HtmlParser().ParseDocument(html);
        findings.AddRange(Structure(document).Select(f => $"markup: {f}"));
        findings.AddRange(InlineImages(message, document).Select(f => $"images: {f}"));
        findings.AddRange(Links(document, text, rules).Select(f => $"links: {f}"));
        findings.AddRange(SameEssentials(document, text).Select(f => $"text part: {f}"));
        findings.AddRange(EmailContrast.Findings(document).Select(f => $"contrast: {f}"));
        findings.AddRange((await NodeCheckers.HtmlValidateAsync(html, HtmlProfile.Email, "email")).Select(f => $"html-validate: {f}"));
        var (unsupported, _) = await NodeCheckers.DoIUseEmailAsync(html);
        findings.AddRange(unsupported.Where(f => !ReviewedFindings.DoIUseEmail.Any(r => r.Covers(f))).Select(f => $"doiuse-email: {f}"));
        return findings;
    }

    /// <summary>lang, dir, a title, nothing a mail client strips or blocks, layout tables marked as such.</summary>
    private static IEnumerable<string> Structure(IDocument document)
    {
        var root = document.DocumentElement;
        if (string.IsNullOrWhiteSpace(root.GetAttribute("lang")))
        {
            yield return "<html> has no lang";
        }

        if (root.GetAttribute("dir") is not ("ltr" or "rtl"))
        {
            yield return "<html> has no dir";
        }

        if (string.IsNullOrWhiteSpace(document.Title))
        {
            yield return "no <title>";
        }

        // Yahoo's apps drop <body>, so what it sets must also be on the outer layout table.
        var outer = Declarations(document.Body?.QuerySelector("table")?.GetAttribute("style"));
        foreach (var (property, value) in Declarations(document.Body?.GetAttribute("style")).Where(d => d.Key is not ("margin" or "padding")))
        {
            if (outer.GetValueOrDefault(property) != value)
            {
                yield return $"<body> sets {property}:{value} but the outer table does not (Yahoo's apps drop <body>)";
            }
        }

        foreach (var element in document.QuerySelectorAll("script, form, input, button, select, textarea, iframe, object, embed, link, base, meta[http-equiv=refresh]"))
        {
            yield return $"<{element.LocalName}> is stripped or blocked by mail clients";
        }

        foreach (var style in document.QuerySelectorAll("style"))
        {
            if (style.TextContent.Contains("@import", StringComparison.OrdinalIgnoreCase) || style.TextContent.Contains("url(", StringComparison.OrdinalIgnoreCase))
            {
                yield return "a <style> block loads something from elsewhere";
            }
        }

        foreach (var element in document.QuerySelectorAll("[style*='url(' i], [background]"))
        {
            yield return $"<{element.LocalName}> has a background image, which mail clients block";
        }

        foreach (var table in document.QuerySelectorAll("table"))
        {
            var data = table.QuerySelectorAll("th").Any(th => th.Closest("table") == table);
            var presentation = table.GetAttribute("role") is "presentation" or "none";
            if (data == presentation)
            {
                yield return data
                    ? "a data table (it has <th> headers) is marked role=\"presentation\", which hides its headers"
                    : "a layout table (no <th> headers) lacks role=\"presentation\"";
            }
        }
    }

    /// <summary>Every cid: image has its inline part, every inline part is shown, every image has alt text and none is remote.</summary>
    private static IEnumerable<string> InlineImages(MimeMessage message, IDocument document)
    {
        var inline = message.BodyParts.OfType<MimePart>().Where(p => !string.IsNullOrEmpty(p.ContentId)).ToDictionary(p => p.ContentId!, StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in document.Images)
        {
            var source = image.GetAttribute("src") ?? "";
            if (string.IsNullOrWhiteSpace(image.GetAttribute("alt")))
            {
                yield return $"<img src=\"{source}\"> has no alt text";
            }

            if (!source.StartsWith("cid:", StringComparison.Ordinal))
            {
                yield return $"<img src=\"{Shorten(source)}\"> is not an inline (cid:) image: mail clients block remote and data: images";
                continue;
            }

            var id = source["cid:".Length..];
            referenced.Add(id);
            if (!inline.TryGetValue(id, out var part))
            {
                yield return $"{source} has no inline part with that Content-Id";
            }
            else if (!part.ContentType.MimeType.StartsWith("image/", StringComparison.Ordinal) || part.ContentDisposition?.Disposition == ContentDisposition.Attachment)
            {
                yield return $"{source} is a {part.ContentType.MimeType} {part.ContentDisposition?.Disposition} part, not an inline image";
            }
        }

        foreach (var id in inline.Keys.Where(id => !referenced.Contains(id)))
        {
            yield return $"the inline part {id} is not shown by the HTML";
        }
    }

    /// <summary>Links go to the app's public address or https, and neither part carries a secret.</summary>
    private static IEnumerable<string> Links(IDocument document, string text, EmailRules rules)
    {
        var publicUrl = rules.PublicUrl.ToString();
        foreach (var link in document.QuerySelectorAll("a"))
        {
            var href = link.GetAttribute("href") ?? "";
            if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !href.StartsWith(publicUrl, StringComparison.Ordinal)))
            {
                yield return $"<a href=\"{href}\"> is neither https nor under {publicUrl}";
            }
        }

        foreach (var secret in rules.Secrets.Where(s => document.DocumentElement.OuterHtml.Contains(s, StringComparison.Ordinal) || text.Contains(s, StringComparison.Ordinal)))
        {
            yield return $"the email carries a secret ({secret[..Math.Min(4, secret.Length)]}...)";
        }
    }

    /// <summary>
    /// The text part says the same essentials as the HTML: every link, and every phrase the HTML puts in bold (names,
    /// dates, profiles, the numbers that matter), in the same words.
    /// </summary>
    private static IEnumerable<string> SameEssentials(IDocument document, string text)
    {
        var flat = Whitespace().Replace(text, " ");
        foreach (var href in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).Distinct(StringComparer.Ordinal))
        {
            if (!text.Contains(href, StringComparison.Ordinal))
            {
                yield return $"the link {href} is only in the HTML";
            }
        }

        foreach (var phrase in document.QuerySelectorAll("strong, b, h1").Select(e => Whitespace().Replace(e.TextContent, " ").Trim().TrimEnd('.', ':')).Distinct(StringComparer.Ordinal))
        {
            if (phrase.Length > 0 && !flat.Contains(phrase, StringComparison.Ordinal))
            {
                yield return $"\"{phrase}\" is only in the HTML";
            }
        }
    }

    private static Dictionary<string, string> Declarations(string? style) => EmailContrast.Declarations(style);

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "..." : value;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
