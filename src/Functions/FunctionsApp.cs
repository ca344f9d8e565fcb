using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Functions.Hosting.Worker;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Functions;

/// <summary>
/// Builds the app in either mode (see <see cref="HostMode"/>) from the same registrations: as the isolated worker under
/// the Functions host, or standalone as a plain ASP.NET Core app serving the same functions.
/// </summary>
public static class FunctionsApp
{
    /// <summary>The isolated worker: the host triggers every function; HTTP arrives through the ASP.NET Core integration.</summary>
    public static IHost BuildWorker(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        StartupChecks.Enforce(builder.Configuration);
        builder.UseWhen<HttpGuardMiddleware>(context => context.IsHttp());
        builder.UseWhen<TriggerMiddleware>(context => !context.IsHttp());
        builder.AddWorkerTelemetry();
        builder.Services.AddPipeline().AddStorage(builder.Configuration).AddEmail().AddPages().AddFunctions();
        var host = builder.Build();
        LoadDataFiles(host.Services);
        return host;
    }

    /// <summary>
    /// Standalone: the HTTP functions served at the host's addresses, and the local trigger runner for the queue and
    /// timer functions, all found in <c>functions.metadata</c>. Tests build it in process through <paramref name="configure"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:7071");
        }

        configure?.Invoke(builder);
        StartupChecks.Enforce(builder.Configuration);
        builder.AddObservability();
        builder.Services.AddPipeline().AddStorage(builder.Configuration).AddEmail().AddPages().AddFunctions();
        builder.Services.AddStandaloneFunctions(builder.Configuration);

        var app = builder.Build();
        LoadDataFiles(app.Services);
        app.UseProblemStatusCodes();
        app.MapFunctions(app.Services.GetRequiredService<FunctionInvoker>());
        return app;
    }

    /// <summary>Loads and checks the data files and page templates now, so a bad one stops the start with a clear message.</summary>
    private static void LoadDataFiles(IServiceProvider services)
    {
        services.GetRequiredService<Catalog>();
        services.GetRequiredService<Pages.SurveyPages>();
    }

    private static bool IsHttp(this FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => b.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
}
