using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Queue message: send one school's invitations for a round that just opened.</summary>
public sealed record SendInvitationsMessage(string NetworkId, string RoundId, string SchoolId) : IRoundMessage
{
    public string? SchoolScope => SchoolId;
}

/// <summary>Queue message: remind one school's non-respondents, for reminder number <paramref name="Reminder"/> of the round.</summary>
public sealed record SendRemindersMessage(string NetworkId, string RoundId, string SchoolId, int Reminder) : IRoundMessage
{
    public string? SchoolScope => SchoolId;
}

/// <summary>Queue message: build a closed round's aggregates, profiles and reports.</summary>
public sealed record BuildProfilesMessage(string NetworkId, string RoundId) : IRoundMessage
{
    public string? SchoolScope => null;
}
