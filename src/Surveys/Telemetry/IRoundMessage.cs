namespace ReadinessPipeline.Surveys.Telemetry;

/// <summary>A queue message about one round (and perhaps one school): its ids go into log scopes and trace tags.</summary>
public interface IRoundMessage
{
    string RoundId { get; }

    /// <summary>The school the message is about, or null.</summary>
    string? SchoolScope { get; }
}
