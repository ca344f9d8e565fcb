using System.Text.RegularExpressions;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ReadinessPipeline.Surveys.Telemetry;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs: the pipeline's own source and meter plus ASP.NET Core's (standalone) or the
/// Functions worker's (under the host), exported to Azure
/// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with Entra ID authentication when
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names a managed identity). Survey and report tokens are cut out of
/// request paths before anything is recorded.
/// </summary>
public static partial class Observability
{
    /// <summary>Standalone: ASP.NET Core's request spans and metrics (paths redacted) with the pipeline's own.</summary>
    public static void AddObservability(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("readiness-pipeline"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(RedactedRequests))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        AddPipelineTelemetry(otel, builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"], builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], builder.Logging);
    }

    /// <summary>
    /// Under the Functions host: the worker's OpenTelemetry integration parents each invocation on the host's trace
    /// context, so host and worker spans join in one trace, with the pipeline's own source and meter. The request spans
    /// are the worker's own ASP.NET Core ones, paths redacted: the host's request records carry the whole URL, so
    /// host.json turns them off (Host.Results).
    /// </summary>
    public static void AddWorkerTelemetry(this FunctionsApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("readiness-pipeline"));
        otel.UseFunctionsWorkerDefaults();
        otel.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(RedactedRequests));
        AddPipelineTelemetry(otel, builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"], builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], builder.Logging);
    }

    /// <summary>Request spans without the health probe, with survey and report tokens cut out of the path.</summary>
    private static void RedactedRequests(OpenTelemetry.Instrumentation.AspNetCore.AspNetCoreTraceInstrumentationOptions options)
    {
        options.Filter = http => http.Request.Path != "/api/health";
        options.EnrichWithHttpRequest = (activity, request) => activity.SetTag("url.path", Redact(request.Path.Value));
    }

    /// <summary>The pipeline's activity source and meter, exported to Azure Monitor when a connection string is set.</summary>
    private static void AddPipelineTelemetry(OpenTelemetry.OpenTelemetryBuilder otel, string? connectionString, string? authentication, ILoggingBuilder logging)
    {
        otel.WithTracing(tracing => tracing.AddSource(PipelineTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.Name));
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var credential = Credential(authentication);
        void Configure(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.Credential = credential;
        }

        otel.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure))
            .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure));
        logging.AddOpenTelemetry(log => log.AddAzureMonitorLogExporter(Configure));
    }

    /// <summary>A request path with every token-shaped segment (43 URL-safe characters) replaced by "{token}".</summary>
    public static string Redact(string? path) => path is null ? "" : TokenSegment().Replace(path, "{token}");

    /// <summary>"ClientId=...;Authorization=AAD" selects that user-assigned identity; without it the exporter uses the key in the connection string.</summary>
    private static ManagedIdentityCredential? Credential(string? authentication)
    {
        var clientId = authentication?.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == "ClientId")?[1].Trim();
        return clientId is null ? null : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    [GeneratedRegex("(?<=/)[A-Za-z0-9_-]{43}(?=/|$)")]
    private static partial Regex TokenSegment();
}
