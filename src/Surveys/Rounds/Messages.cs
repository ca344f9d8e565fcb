using System.Text.Json.Serialization;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Queue message: send one school's invitations for a round that just opened.</summary>
public sealed record SendInvitationsMessage(string NetworkId, string RoundId, string SchoolId) : IRoundMessage
{
    public string? SchoolScope => SchoolId;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>Queue message: remind one school's non-respondents, for reminder number <paramref name="Reminder"/> of the round.</summary>
public sealed record SendRemindersMessage(string NetworkId, string RoundId, string SchoolId, int Reminder) : IRoundMessage
{
    public string? SchoolScope => SchoolId;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>Queue message: build a closed round's aggregates, profiles and reports.</summary>
public sealed record BuildProfilesMessage(string NetworkId, string RoundId) : IRoundMessage
{
    public string? SchoolScope => null;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>
/// Queue message: rewrite a closed round's completion rows, so their storage timestamps no longer tell when each person
/// answered; queued by the close once the reports are out.
/// </summary>
public sealed record RestampCompletionsMessage(string NetworkId, string RoundId) : IRoundMessage
{
    public string? SchoolScope => null;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>
/// Queue message: check a closed round's stored submissions against its score rows after a close that read the score
/// rows only (the scoring queues were empty when it started), scoring any submission without a row and, if there was
/// one, building the round's profiles again.
/// </summary>
public sealed record SweepSubmissionsMessage(string NetworkId, string RoundId) : IRoundMessage
{
    public string? SchoolScope => null;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}

/// <summary>
/// Queue message: email one school's report (or, with <see cref="Target"/> "network", the coaches' summary); a
/// coach's re-send carries its own <see cref="Resend"/> id, so it is a delivery of its own.
/// </summary>
public sealed record SendReportMessage(string NetworkId, string RoundId, string Target, string? Resend = null) : IRoundMessage
{
    public string? SchoolScope => Target;

    [JsonIgnore]
    public RoundKey Round => new(NetworkId, RoundId);
}
