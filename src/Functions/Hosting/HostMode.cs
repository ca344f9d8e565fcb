namespace ReadinessPipeline.Functions.Hosting;

/// <summary>How this process runs, decided from its arguments and environment before any host is built.</summary>
public enum HostMode
{
    /// <summary>Started by a Functions host (it gave a host endpoint): the isolated worker.</summary>
    Worker,

    /// <summary>No Functions host (./run.sh, tests, a laptop without Core Tools): a plain ASP.NET Core app with the local trigger runner.</summary>
    Standalone,

    /// <summary>In Azure without a host endpoint: something started the app the platform way but wrong; it must not serve.</summary>
    Refused,
}

/// <summary>Tells <see cref="HostMode"/> from the same settings the worker reads.</summary>
public static class HostModes
{
    public const string EndpointKey = "Functions:Worker:HostEndpoint";

    public const string RefusalMessage =
        "The app runs in Azure (WEBSITE_SITE_NAME is set) but was not started by the Functions host (no --functions-uri or "
        + EndpointKey + "), so it will not start: deploy it as a dotnet-isolated function app and let the platform start it.";

    /// <summary>
    /// The host starts a worker with <c>--functions-uri http://127.0.0.1:port/</c>, which the worker maps to
    /// <see cref="EndpointKey"/> (its only switch for the endpoint since worker 2.0: the older <c>--host</c> and
    /// <c>--port</c> alone no longer start it); the same key may come from the environment.
    /// </summary>
    public static HostMode Detect(string[] args, IConfiguration? environment = null)
    {
        var settings = new ConfigurationBuilder()
            .AddConfiguration(environment ?? new ConfigurationBuilder().AddEnvironmentVariables().Build())
            .AddCommandLine(args, new Dictionary<string, string> { ["--functions-uri"] = EndpointKey })
            .Build();
        if (!string.IsNullOrWhiteSpace(settings[EndpointKey]))
        {
            return HostMode.Worker;
        }

        return StartupChecks.RunsInAzure(settings) ? HostMode.Refused : HostMode.Standalone;
    }
}
