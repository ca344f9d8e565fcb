using System.Text.Json.Serialization;

namespace ReadinessPipeline.Models;

/// <summary>
/// Names one round of one network. A round id is unique only within its network (two networks may both run a
/// "fall-2026"), so everything kept per round is found by both ids, never by the round id alone.
/// </summary>
public readonly record struct RoundKey(string NetworkId, string RoundId)
{
    public override string ToString() => $"{NetworkId}/{RoundId}";
}

/// <summary>Where a survey round is in its life: Draft -> Open -> Closing -> Closed.</summary>
public enum RoundState
{
    Draft,
    Open,
    Closing,
    Closed,
}

/// <summary>How respondents reach an instrument: a personal link per roster person, or one shared link per school.</summary>
public enum ResponseMode
{
    Confidential,
    Anonymous,
}

/// <summary>An instrument a round asks for, at a fixed version, in one response mode.</summary>
public sealed record RoundInstrument(string InstrumentId, int InstrumentVersion, ResponseMode Mode);

/// <summary>
/// A network-wide survey window launched by a coach. Reminder offsets count from <see cref="OpensAt"/>.
/// The timestamps record each step of the life cycle, so a step interrupted by a crash can be found and finished.
/// </summary>
public sealed record Round(
    string Id,
    string NetworkId,
    string Name,
    RoundState State,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    IReadOnlyList<RoundInstrument> Instruments,
    IReadOnlyList<TimeSpan> ReminderOffsets,
    DateTimeOffset CreatedAt)
{
    /// <summary>The schools taking part; empty means every school of the network when the round opened.</summary>
    public IReadOnlyList<string> SchoolIds { get; init; } = [];

    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>When the invitation work for every school was queued.</summary>
    public DateTimeOffset? InvitationsQueuedAt { get; init; }

    public DateTimeOffset? ClosingAt { get; init; }

    /// <summary>When the one profile-building message was queued.</summary>
    public DateTimeOffset? ProfilesRequestedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When retention removed the round's answers, scores, links and reports (its name and dates stay).</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    /// <summary>Indexes into <see cref="ReminderOffsets"/> whose reminders have been queued.</summary>
    public IReadOnlyList<int> RemindersQueued { get; init; } = [];

    [JsonIgnore]
    public RoundKey Key => new(NetworkId, Id);

    /// <summary>True while respondents may submit: the round is open and the clock is inside its window.</summary>
    public bool AcceptsResponsesAt(DateTimeOffset now) => State == RoundState.Open && now >= OpensAt && now < ClosesAt;

    public RoundInstrument? FindInstrument(string instrumentId) => Instruments.FirstOrDefault(i => i.InstrumentId == instrumentId);
}

/// <summary>Whether a survey link belongs to one roster person or is shared by a school (for example a class).</summary>
public enum LinkKind
{
    Personal,
    Shared,
}

/// <summary>
/// What a survey link opens: one school, instrument and round. The token itself is never stored, only its hash.
/// A personal link names its roster person by an opaque key, so completion can be recorded without an answer.
/// </summary>
public sealed record SurveyLink(
    string TokenHash,
    LinkKind Kind,
    string NetworkId,
    string RoundId,
    string SchoolId,
    string InstrumentId,
    int InstrumentVersion,
    string? RosterKey,
    bool Revoked)
{
    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);

    /// <summary>A personal staff link: the role group stored with its answers (see <c>RoleGroups</c>); null when none may be.</summary>
    public string? Role { get; init; }

    /// <summary>A shared staff link: the role groups its optional role question offers (empty: no role question).</summary>
    public IReadOnlyList<string> RoleChoices { get; init; } = [];
}
