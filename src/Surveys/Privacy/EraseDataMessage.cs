using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>Queue message: erase a scope on request. <see cref="Sweep"/>: the follow-up run that catches late writes.</summary>
public sealed record EraseDataMessage(string NetworkId, string? RoundId, string? SchoolId, string Actor, bool Sweep) : IRoundMessage
{
    string IRoundMessage.RoundId => RoundId ?? "";

    public string? SchoolScope => SchoolId;

    public ErasureScope Scope => new(NetworkId, RoundId, SchoolId);
}
