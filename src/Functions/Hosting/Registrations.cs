using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Surveys.Access;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>The app's services in small named groups, registered the same way in both modes.</summary>
public static class Registrations
{
    /// <summary>The engine: catalog, scoring, intake, rounds, profiles, privacy, and the settings they read.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // TryAdd: a host (or a test) may bring a catalog from another data folder.
        services.TryAddSingleton(_ => Catalog.LoadDefault());
        services.AddSingleton<ScoringPlans>();
        services.AddValidatedOptions<AppOptions, AppOptionsValidator>(AppOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AppOptions>>().Value.Urls());
        services.AddValidatedOptions<IntakeOptions, IntakeOptionsValidator>(IntakeOptions.Section);
        services.AddSingleton(sp => new RoundCache(sp.GetRequiredService<RoundStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<IntakeOptions>>().Value.RoundCacheSeconds)));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IntakeOptions>>().Value.CapRule());
        services.AddSingleton<SurveyIntake>();
        services.AddSingleton<SharedLinkActions>();
        services.AddValidatedOptions<ProfileOptions, ProfileOptionsValidator>(ProfileOptions.Section);
        services.AddSingleton(sp => new RoundTiming(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ProfileOptions>>().Value.DelayMarginSeconds)));
        services.AddSingleton(sp => new ReportLinkLifetime(TimeSpan.FromDays(sp.GetRequiredService<IOptions<ProfileOptions>>().Value.ReportLinkDays)));
        services.AddSingleton<RoundLifecycle>();
        services.AddSingleton<RoundStatusReader>();
        services.AddSingleton<RoundAdmin>();
        services.AddSingleton<NetworkAdmin>();
        services.AddSingleton<RoundProfiler>();
        services.AddValidatedOptions<PrivacyOptions, PrivacyOptionsValidator>(PrivacyOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.Floors());
        services.AddSingleton(sp => new RetentionPolicy(sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.RetentionDays));
        services.AddSingleton<DataEraser>();
        services.AddSingleton<ErasureRequests>();
        services.AddSingleton<Surveys.Privacy.RetentionSweep>();
        services.AddValidatedOptions<CoachOptions, CoachOptionsValidator>("Coach");
        return services;
    }

    /// <summary>One storage account (from AzureWebJobsStorage, as the host's own) and the stores over it, created at start.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => StorageAccount.FromSettings(key => configuration[key]));
        services.AddSingleton<SubmissionArchive>();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<RoundStore>();
        services.AddSingleton<CompletionStore>();
        services.AddSingleton<ScoreStore>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<PoisonQueues>();
        services.AddSingleton<NetworkStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SharedLinkStore>();
        services.AddSingleton<ReportStore>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Email: SendGrid with a key, the .eml outbox without; the ledger that sends each email once; and the mailers that write invitations and reports.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmailOptions, EmailOptionsValidator>(EmailOptions.SectionName);
        services.AddSingleton(_ => TemplateLibrary.LoadDefault());
        services.AddHttpClient(nameof(SendGridEmailSender));
        services.AddSingleton<IEmailSender>(sp => new InstrumentedEmailSender(EmailSenders.Create(
            sp.GetRequiredService<IOptions<EmailOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridEmailSender)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Sender);
        services.AddSingleton(sp => new EmailLedger(
            sp.GetRequiredService<StorageAccount>(),
            sp.GetRequiredService<IEmailSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<EmailOptions>>().Value.ClaimTimeout,
            sp.GetRequiredService<ILogger<EmailLedger>>()));
        services.AddSingleton<RoundMailer>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<ReportMailer>();
        return services;
    }

    /// <summary>The survey pages: page text, Liquid templates, and the anti-forgery token of the form post.</summary>
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddSingleton(_ => UiText.LoadDefault());
        services.AddSingleton<SurveyPages>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rp-form";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Behind the Functions front end the request the app sees is plain http even when people use https, so the
        // public address decides: an https app never lets the form cookie travel in clear.
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<AppOptions>>((options, app) =>
        {
            if (app.Value.Urls().BaseUrl.Scheme == Uri.UriSchemeHttps)
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
        return services;
    }

    /// <summary>The coaches' dashboard: its settings, sessions, pages and the gate that checks a page's session.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddValidatedOptions<DashboardOptions, DashboardOptionsValidator>(DashboardOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value.Lifetime());
        services.AddSingleton<CoachSessions>();
        services.AddSingleton<DashboardPages>();
        services.AddSingleton<DashboardGate>();
        services.AddSingleton<HomePage>();
        services.AddSingleton<NetworkPage>();
        services.AddSingleton<NewRoundPage>();
        services.AddSingleton<RoundPage>();
        services.AddSingleton<RoundChange>();
        services.AddSingleton<DeletionPage>();
        services.AddSingleton<StoredReport>();
        return services;
    }

    /// <summary>What wraps every function in both modes (the HTTP guard, the trigger invocation) and what several functions share.</summary>
    public static IServiceCollection AddFunctions(this IServiceCollection services)
    {
        services.AddSingleton<CoachKeyCheck>();
        services.AddSingleton<HttpFunctionGuard>();
        services.AddSingleton<TriggerInvocations>();
        services.AddSingleton<DeleteNetworkData.Erasure>();
        services.AddSingleton<SubmitSurvey.SubmissionRateLimit>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Standalone only: the functions of <c>functions.metadata</c>, bound at start, and the local trigger runner.</summary>
    public static IServiceCollection AddStandaloneFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new FunctionInvoker(FunctionIndex.Load(AppContext.BaseDirectory), typeof(FunctionsApp).Assembly));
        services.AddSingleton<LocalInvocation>();
        services.AddOptions<LocalTriggerOptions>().BindConfiguration("LocalTriggers");
        if (configuration.GetValue("LocalTriggers:Enabled", true))
        {
            services.AddHostedService<LocalTriggerRunner>();
        }

        return services;
    }
}

/// <summary>Creates tables, containers and queues at start; a storage outage here is logged, not fatal.</summary>
public sealed partial class StorageInitializer(StorageAccount storage, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await storage.EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception e) when (Problems.IsStorageOutage(e) || e is OperationCanceledException)
        {
            Unprepared(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Storage could not be prepared at start ({Error}); requests will answer 503 until it is reachable")]
    private static partial void Unprepared(ILogger logger, string error);
}
