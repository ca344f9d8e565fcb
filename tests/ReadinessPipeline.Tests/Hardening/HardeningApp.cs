using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// The coach app for the HTTP properties, with the queue runner off, so storage changes only when a request changes
/// it: a network of two schools, a round of it not yet open, and an open round with a shared link per school; a second
/// network with a round of its own; and, besides the organisation-wide keys, a key limited to each network.
/// </summary>
public class HardeningApp : CoachApp
{
    public const string Student = JsonShapes.Instrument;

    /// <summary>A coach key that may act on <see cref="Network"/> only.</summary>
    public const string NetworkKey = "coach-secret-key-north";

    /// <summary>A coach key that may act on <see cref="OtherNetwork"/> and on a network that does not exist.</summary>
    public const string OtherNetworkKey = "coach-secret-key-harbor";

    public string Network { get; } = "north-" + Guid.NewGuid().ToString("N")[..8];

    public string OtherNetwork { get; } = "harbor-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A round of <see cref="OtherNetwork"/>, not yet open.</summary>
    public string OtherRound { get; private set; } = "";

    public string ScheduledRound { get; private set; } = "";

    public TestRound Open { get; private set; } = null!;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["LocalTriggers:Enabled"] = "false";
        settings["Coach:KeyHashes:2"] = $"north-coach:{Hash(NetworkKey)}:{Network}";
        settings["Coach:KeyHashes:3"] = $"harbor-coach:{Hash(OtherNetworkKey)}:{OtherNetwork},not-created-net";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await NetworkAsync(schools: 2, staffPerSchool: 1, id: Network);
        ScheduledRound = await OpenRoundAsync(Network, reminders: []);
        await NetworkAsync(schools: 1, staffPerSchool: 1, id: OtherNetwork);
        OtherRound = await OpenRoundAsync(OtherNetwork, reminders: []);
        Open = await OpenRoundAsync(["school-a", "school-b"], [Student, "staff-readiness"]);
    }

    /// <summary>Every route the app maps, with its methods (read from the app's own endpoint data sources).</summary>
    public IReadOnlyList<(string Method, string Template)> Routes() =>
        [.. ((IEndpointRouteBuilder)App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)];

    /// <summary>A valid submission for the open round's student form.</summary>
    public static string ValidSubmission() =>
        $"{{\"submissionId\":\"{Guid.NewGuid()}\",\"instrument\":\"{Student}\",\"version\":1,\"answers\":{{\"competency-1\":4}}}}";

    public static ByteArrayContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
