using CsCheck;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Deliveries;

/// <summary>The ledger's keys: every key is a valid table row key and reads back as itself; each kind has its own range.</summary>
public class DeliveryKeyTests
{
    private static readonly Gen<string> Id = Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, 62], (first, rest) => first + new string(rest));
    private static readonly Gen<string> RosterKey = Gen.Char["0123456789abcdef"].Array[24].Select(hex => "p-" + new string(hex));

    private static readonly Gen<DeliveryKey> Keys = Gen.OneOf<DeliveryKey>(
        Gen.Select(Id, Id, RosterKey, (school, instrument, person) => new InvitationKey(school, instrument, person)),
        Gen.Select(Gen.Int[0, 20], Id, Id, RosterKey, (n, school, instrument, person) => new ReminderKey(n, school, instrument, person)),
        Id.Select(school => new DesignTeamKey(school)),
        Gen.Select(Id, Id, Gen.Int[1, 50], (school, instrument, n) => new LinkReplacementKey(school, instrument, n)),
        Gen.Select(Id, Gen.Char["0123456789abcdef"].Array[12].Select(c => new string(c)).Null(), (school, resend) => new ReportKey(ReportStore.SchoolTarget(school), resend)),
        Gen.Char["0123456789abcdef"].Array[12].Select(c => new string(c)).Null().Select(resend => new ReportKey(ReportStore.NetworkTarget, resend)));

    [Fact]
    public void Every_key_is_a_table_row_key_and_reads_back_as_itself() =>
        Keys.Sample(key =>
        {
            Assert.DoesNotContain(key.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
            Assert.Equal(key, DeliveryKey.Parse(key.RowKey));
        });

    [Fact]
    public void A_schools_invitations_are_one_key_range_that_holds_nothing_else() =>
        Gen.Select(Keys, Id).Sample((key, school) =>
            Assert.Equal(key is InvitationKey invitation && invitation.SchoolId == school, key.RowKey.StartsWith(DeliveryKey.InvitationsAt(school), StringComparison.Ordinal)));

    [Fact]
    public void Keys_name_their_school_kind_and_email_kind()
    {
        Assert.Equal(("school-01", DeliveryKind.Report, "school-report"), Describe(new ReportKey("schools/school-01", "abc")));
        Assert.Equal(((string?)null, DeliveryKind.Report, "network-summary"), Describe(new ReportKey("network", null)));
        Assert.Equal(("school-02", DeliveryKind.Reminder, "reminder"), Describe(new ReminderKey(1, "school-02", "staff-readiness", "p-00")));
        Assert.Equal(("school-03", DeliveryKind.DesignTeamLinks, "design-team-links"), Describe(new DesignTeamKey("school-03")));
        Assert.Equal(("school-03", DeliveryKind.DesignTeamLinks, "design-team-links"), Describe(new LinkReplacementKey("school-03", "student-sel-6-12", 2)));
        Assert.Equal("design-team|school-03|student-sel-6-12|2", new LinkReplacementKey("school-03", "student-sel-6-12", 2).RowKey);
        Assert.Equal("report|schools:school-01|resend-abc", new ReportKey("schools/school-01", "abc").RowKey);
    }

    [Fact]
    public void A_delivery_tag_differs_between_networks_that_share_a_round_id()
    {
        var key = new InvitationKey("school-01", "staff-readiness", "p-0123456789abcdef01234567");
        Assert.NotEqual(key.Tag(new RoundKey("net-a", "fall-2026")), key.Tag(new RoundKey("net-b", "fall-2026")));
        Assert.Equal(24, key.Tag(new RoundKey("net-a", "fall-2026")).Length);
    }

    [Fact]
    public void A_row_key_the_ledger_never_writes_is_refused() =>
        Assert.Throws<FormatException>(() => DeliveryKey.Parse("remindx|school|instrument|p-1"));

    private static (string? School, DeliveryKind Kind, string EmailKind) Describe(DeliveryKey key) => (key.School, key.Kind, key.EmailKind);
}
