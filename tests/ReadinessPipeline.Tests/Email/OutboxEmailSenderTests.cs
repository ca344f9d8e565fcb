using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Email;

/// <summary>The outbox writes standard .eml files that mail clients (and MimeKit) read back whole.</summary>
public sealed partial class OutboxEmailSenderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "readiness-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly TestClock _clock = new(TestEmails.Start.AddMilliseconds(250));

    /// <summary>Nested below a folder that does not exist yet, so the sender has to create it.</summary>
    private string Outbox => Path.Combine(_root, "mail", "outbox");

    private OutboxEmailSender Sender() => new(new EmailOptions { OutboxDirectory = Outbox }, _clock, NullLogger<OutboxEmailSender>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [GeneratedRegex(@"^20261102T080000\.250Z-[0-9a-f]{8}\.eml$")]
    private static partial Regex FileNameAtStart();

    [Fact]
    public async Task The_eml_has_both_bodies_the_inline_chart_the_csv_and_the_tags()
    {
        var receipt = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        Assert.Equal("outbox", receipt.Transport);
        var mime = await MimeMessage.LoadAsync(receipt.MessageId!);
        Assert.Equal("Your school's readiness profile", mime.Subject);
        Assert.Equal("readiness@example.org", mime.From.Mailboxes.Single().Address);
        Assert.Equal(TestEmails.Recipients.Select(r => r.Address), mime.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(TestEmails.Start, mime.Date); // the Date header keeps whole seconds
        Assert.Equal(TestEmails.Text, mime.TextBody?.TrimEnd());
        Assert.Equal(TestEmails.Html, mime.HtmlBody?.TrimEnd());

        var alternative = Assert.IsType<MultipartAlternative>(Assert.IsType<Multipart>(mime.Body).Single(part => part.ContentType.MimeType == "multipart/alternative"));
        var related = Assert.IsType<MultipartRelated>(alternative.Single(part => part.ContentType.MimeType == "multipart/related"));
        var chart = Assert.IsAssignableFrom<MimePart>(related.Single(part => part.ContentId == "radar"));
        Assert.Equal("image/png", chart.ContentType.MimeType);
        Assert.False(chart.IsAttachment);
        Assert.Equal(TestEmails.Chart, Content(chart));

        var csv = Assert.IsAssignableFrom<MimePart>(Assert.Single(mime.Attachments));
        Assert.Equal("scores.csv", csv.FileName);
        Assert.Equal("text/csv", csv.ContentType.MimeType);
        Assert.Equal(TestEmails.Csv, Content(csv));

        Assert.Equal("round-7", mime.Headers["X-Readiness-round"]);
        Assert.Equal("school-lincoln", mime.Headers["X-Readiness-school"]);
        Assert.Equal("design-team-report", mime.Headers["X-Readiness-kind"]);
    }

    [Fact]
    public async Task Two_sends_make_two_files_named_by_utc_time_in_a_folder_it_creates()
    {
        var first = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);
        var second = await Sender().SendAsync(TestEmails.Report(), CancellationToken.None);

        var files = Directory.GetFiles(Outbox);
        Assert.Equal(new[] { first.MessageId, second.MessageId }.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.All(files, file => Assert.Matches(FileNameAtStart(), Path.GetFileName(file)));
    }

    private static byte[] Content(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }
}
