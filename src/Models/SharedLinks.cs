namespace ReadinessPipeline.Models;

/// <summary>Where a shared link's cap came from.</summary>
public enum CapSource
{
    /// <summary>The school's expected students, with headroom (<see cref="SharedLinkCapRule"/>).</summary>
    ExpectedStudents,

    /// <summary>The stated default: the school's expected count is unknown, or the form is not a student form.</summary>
    Default,

    /// <summary>Set by a coach for this school and instrument.</summary>
    Coach,
}

/// <summary>
/// A school's shared (class) link for one instrument of a round: the hash of the link in use (null when none is: a coach
/// turned it off, or its replacement is not sent yet), the most answers it may take, how many it has taken, how often a
/// coach replaced it, and whether a coach turned it off. The cap and count hold for the school and instrument across
/// replacements, so a new link never restarts the count.
/// </summary>
public sealed record SharedLink(string SchoolId, string InstrumentId, string? LinkHash, int Cap, CapSource CapSource, int Answers, int Replacements, bool TurnedOff)
{
    public bool IsFull => Answers >= Cap;

    /// <summary>Where the link stands: <c>active</c>, <c>turned-off</c>, or <c>replacing</c> (the new link's email is on its way).</summary>
    public string State => TurnedOff ? "turned-off" : LinkHash is null ? "replacing" : "active";
}

/// <summary>
/// The default cap of a shared link: a student form at a school whose expected students are known takes that many
/// plus <see cref="HeadroomPercent"/> (an expected count is often a little out of date), rounded up; anything else
/// takes <see cref="DefaultCap"/>. A coach can set a school's cap either way.
/// </summary>
public sealed record SharedLinkCapRule(int DefaultCap, int HeadroomPercent)
{
    public const int MaxCap = 100_000;

    public static SharedLinkCapRule Standard { get; } = new(1_000, 20);

    public (int Cap, CapSource Source) For(Audience audience, int? expectedStudents) =>
        audience == Audience.Student && expectedStudents is { } expected && expected > 0
            ? ((int)Math.Min(MaxCap, ((long)expected * (100 + HeadroomPercent) + 99) / 100), CapSource.ExpectedStudents)
            : (DefaultCap, CapSource.Default);
}
