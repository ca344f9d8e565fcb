using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// The coach scope rule at the HTTP edge, whatever signed the coach in: the coach key check signs a request in with
/// <see cref="SignIn"/> (a dashboard session would do the same), and <see cref="ScopeRefusal(HttpContext, ILogger)"/>
/// then holds the request to that coach's networks, before any function reads or writes anything.
/// </summary>
public static partial class CoachAccess
{
    /// <summary>The route value naming the network a coach route acts on; a coach route without it is under no one network.</summary>
    public const string NetworkRouteValue = "networkId";

    private const string Item = "ReadinessPipeline.Coach";

    /// <summary>Records who acts for the coaches in this request (for the scope check and the audit log).</summary>
    public static void SignIn(this HttpContext http, CoachIdentity coach) => http.Items[Item] = coach;

    /// <summary>The coach signed in on this request; null before sign-in.</summary>
    public static CoachIdentity? SignedInCoach(this HttpContext http) => http.Items.TryGetValue(Item, out var coach) ? coach as CoachIdentity : null;

    /// <summary>
    /// Null when the signed-in coach may act on the network named by the route's <see cref="NetworkRouteValue"/> (or,
    /// for a route under no network, is organisation-wide); otherwise the 403 problem to answer.
    /// </summary>
    public static IResult? ScopeRefusal(HttpContext http, ILogger logger) =>
        ScopeRefusal(http, http.Request.RouteValues.TryGetValue(NetworkRouteValue, out var network) ? network as string : null, logger);

    /// <summary>
    /// The same rule for a request whose network is known some other way: 403 <c>network-forbidden</c> for a network
    /// outside the coach's scope (the same answer whether that network exists or not, so a key cannot probe for
    /// networks), 403 <c>organisation-key-required</c> for a request under no network from a network-limited coach.
    /// </summary>
    public static IResult? ScopeRefusal(HttpContext http, string? networkId, ILogger logger)
    {
        var coach = http.SignedInCoach() ?? throw new InvalidOperationException("The coach scope was checked before a coach was signed in.");
        switch (coach.Check(networkId))
        {
            case ScopeDecision.OtherNetwork:
                LogOtherNetwork(logger, coach.Id, networkId!);
                return Problems.Of(StatusCodes.Status403Forbidden, "network-forbidden", "Not one of your networks", $"This coach key may act only on {coach.ScopeText}.");
            case ScopeDecision.OrganisationOnly:
                LogOrganisationOnly(logger, coach.Id, http.Request.Method);
                return Problems.Of(StatusCodes.Status403Forbidden, "organisation-key-required", "An organisation-wide key is needed", $"This is not under one network, so it needs an organisation-wide coach key; this key may act only on {coach.ScopeText}.");
            default:
                return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Coach key {KeyId} was refused for network {NetworkId}, which is outside its networks")]
    private static partial void LogOtherNetwork(ILogger logger, string keyId, string networkId);

    [LoggerMessage(LogLevel.Warning, "Coach key {KeyId} was refused a {Method} under no one network: it is not organisation-wide")]
    private static partial void LogOrganisationOnly(ILogger logger, string keyId, string method);
}
