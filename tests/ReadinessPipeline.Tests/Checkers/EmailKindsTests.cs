namespace ReadinessPipeline.Tests.Checkers;

/// <summary>Every kind of email the product sends, as mail clients get it, passes every email check.</summary>
public class EmailKindsTests(MailedRound round) : IClassFixture<MailedRound>
{
    public static TheoryData<string> EmailKinds =>
    [
        "invitation",
        "reminder",
        "design-team-links",
        "school-report",
        "school-report-every-part",
        "network-summary",
        "network-summary-every-part",
    ];

    [Theory]
    [MemberData(nameof(EmailKinds))]
    public async Task Each_email_kind_passes_every_email_check(string kind) =>
        await Checks.EmailAsync(round.Email(kind), kind, MailedRound.Rules);
}
