using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Deliveries;

/// <summary>Writes an enum in JSON as kebab-case text ("design-team-links"), whatever serializer options are in use.</summary>
public sealed class KebabCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower)
    where T : struct, Enum;

/// <summary>What kind of email a ledger entry is.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<DeliveryKind>))]
public enum DeliveryKind
{
    /// <summary>A personal survey link sent when the round opens.</summary>
    Invitation,

    /// <summary>A fresh personal link for someone who has not answered yet.</summary>
    Reminder,

    /// <summary>A school's shared (class) links, sent to its design team (and each new link that replaces one).</summary>
    DesignTeamLinks,

    /// <summary>A school's readiness report, or the coaches' network summary.</summary>
    Report,
}

/// <summary>
/// Which email a ledger entry stands for, within its round: never an address, at most an opaque roster key. The one
/// place that turns an email into a table row key and back (<see cref="RowKey"/>, <see cref="Parse"/>).
/// </summary>
public abstract record DeliveryKey
{
    public abstract DeliveryKind Kind { get; }

    /// <summary>The school the email is for; null for the coaches' network summary.</summary>
    public abstract string? School { get; }

    /// <summary>The kind as it appears in email tags and the round status ("invitation", "school-report", ...).</summary>
    public virtual string EmailKind => Kind switch
    {
        DeliveryKind.Invitation => "invitation",
        DeliveryKind.Reminder => "reminder",
        DeliveryKind.DesignTeamLinks => "design-team-links",
        _ => "report",
    };

    /// <summary>The table row key: kind first, so one kind (or one kind at one school) is a key range.</summary>
    public abstract string RowKey { get; }

    /// <summary>A short, non-identifying digest of the entry, carried by the email itself (an .eml file's name, a SendGrid custom arg).</summary>
    public string Tag(RoundKey round) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{round.NetworkId}|{round.RoundId}|{RowKey}")))[..24];

    /// <summary>The key a row key was written from.</summary>
    public static DeliveryKey Parse(string rowKey)
    {
        var parts = rowKey.Split('|');
        return parts switch
        {
            ["invite", var school, var instrument, var person] => new InvitationKey(school, instrument, person),
            ["design-team", var school] => new DesignTeamKey(school),
            ["design-team", var school, var instrument, var replacement] when int.TryParse(replacement, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                => new LinkReplacementKey(school, instrument, number),
            ["report", var target] => new ReportKey(ReportKey.Unescape(target), null),
            ["report", var target, var resend] when resend.StartsWith(ReportKey.ResendPrefix, StringComparison.Ordinal) => new ReportKey(ReportKey.Unescape(target), resend[ReportKey.ResendPrefix.Length..]),
            [var reminder, var school, var instrument, var person] when reminder.StartsWith(ReminderKey.Prefix, StringComparison.Ordinal)
                && int.TryParse(reminder[ReminderKey.Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) => new ReminderKey(number, school, instrument, person),
            _ => throw new FormatException($"'{rowKey}' is not a delivery key."),
        };
    }

    /// <summary>The row key prefix of every invitation sent at one school.</summary>
    public static string InvitationsAt(string schoolId) => $"{InvitationKey.Prefix}|{schoolId}|";
}

/// <summary>A roster person's invitation to one instrument.</summary>
public sealed record InvitationKey(string SchoolId, string InstrumentId, string RosterKey) : DeliveryKey
{
    internal const string Prefix = "invite";

    public override DeliveryKind Kind => DeliveryKind.Invitation;

    public override string? School => SchoolId;

    public override string RowKey => $"{Prefix}|{SchoolId}|{InstrumentId}|{RosterKey}";
}

/// <summary>Reminder number <paramref name="Reminder"/> (an index into the round's reminder offsets) to one roster person.</summary>
public sealed record ReminderKey(int Reminder, string SchoolId, string InstrumentId, string RosterKey) : DeliveryKey
{
    internal const string Prefix = "remind";

    public override DeliveryKind Kind => DeliveryKind.Reminder;

    public override string? School => SchoolId;

    public override string RowKey => $"{Prefix}{Reminder.ToString(CultureInfo.InvariantCulture)}|{SchoolId}|{InstrumentId}|{RosterKey}";
}

/// <summary>The email that gives a school's design team its shared links.</summary>
public sealed record DesignTeamKey(string SchoolId) : DeliveryKey
{
    public override DeliveryKind Kind => DeliveryKind.DesignTeamLinks;

    public override string? School => SchoolId;

    public override string RowKey => $"design-team|{SchoolId}";
}

/// <summary>
/// The email that gives a school's design team the link replacing its shared link for one instrument; each replacement
/// (<paramref name="Replacement"/>, counted from 1) is an email of its own.
/// </summary>
public sealed record LinkReplacementKey(string SchoolId, string InstrumentId, int Replacement) : DeliveryKey
{
    public override DeliveryKind Kind => DeliveryKind.DesignTeamLinks;

    public override string? School => SchoolId;

    public override string RowKey => $"design-team|{SchoolId}|{InstrumentId}|{Replacement.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A report email: <paramref name="Target"/> is a school's report (<see cref="ReportStore.SchoolTarget"/>) or the
/// network summary (<see cref="ReportStore.NetworkTarget"/>); a coach's re-send has its own <paramref name="Resend"/> id.
/// </summary>
public sealed record ReportKey(string Target, string? Resend) : DeliveryKey
{
    internal const string ResendPrefix = "resend-";
    private const string SchoolsPrefix = "schools/";

    public override DeliveryKind Kind => DeliveryKind.Report;

    public override string? School => Target.StartsWith(SchoolsPrefix, StringComparison.Ordinal) ? Target[SchoolsPrefix.Length..] : null;

    public override string EmailKind => School is null ? "network-summary" : "school-report";

    // Table keys cannot hold '/', so the target's separator is written as ':'.
    public override string RowKey => $"report|{Target.Replace('/', ':')}" + (Resend is null ? "" : $"|{ResendPrefix}{Resend}");

    internal static string Unescape(string target) => target.Replace(':', '/');
}
