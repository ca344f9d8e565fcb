namespace ReadinessPipeline.Surveys.Access;

/// <summary>What the coach scope rule says about one request.</summary>
public enum ScopeDecision
{
    Allowed,

    /// <summary>The request is under a network the coach may not act on (whether or not that network exists).</summary>
    OtherNetwork,

    /// <summary>The request is under no one network (creating a network): only an organisation-wide coach may make it.</summary>
    OrganisationOnly,
}

/// <summary>
/// Who acts for the coaches in one request, however they signed in (a coach key, or a dashboard session): the id the
/// audit log shows, and the networks they may act on, or null for an organisation-wide coach (every network, including
/// networks created later).
/// </summary>
public sealed record CoachIdentity(string Id, IReadOnlyList<string>? Networks)
{
    public bool IsOrganisationWide => Networks is null;

    public bool MayActOn(string networkId) => Networks is null || Networks.Contains(networkId, StringComparer.Ordinal);

    /// <summary>
    /// The one scope rule, for a request under <paramref name="networkId"/>, or under no one network when it is null.
    /// A network-limited coach may not create networks: its networks are fixed when its key is made, so a network it
    /// created outside them would be out of its own reach, and which networks exist is the organisation's decision.
    /// </summary>
    public ScopeDecision Check(string? networkId) => networkId switch
    {
        null => IsOrganisationWide ? ScopeDecision.Allowed : ScopeDecision.OrganisationOnly,
        _ => MayActOn(networkId) ? ScopeDecision.Allowed : ScopeDecision.OtherNetwork,
    };

    /// <summary>The networks in words, for messages: "every network (organisation-wide)" or "net-a, net-b".</summary>
    public string ScopeText => Networks is null ? "every network (organisation-wide)" : string.Join(", ", Networks);
}
