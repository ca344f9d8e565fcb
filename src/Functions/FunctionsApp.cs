using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.GetParentPreview;
using ReadinessPipeline.Functions.GetReport;
using ReadinessPipeline.Functions.GetSurvey;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Pages;
using ReadinessPipeline.Functions.ScoreSubmission;
using ReadinessPipeline.Functions.SubmitSurvey;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;

namespace ReadinessPipeline.Functions;

/// <summary>
/// Builds the custom-handler process: storage clients, the engine, every function's endpoint, and (with no
/// Functions host around) the local trigger runner.
/// </summary>
public static class FunctionsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        ConfigureListener(builder);
        configure?.Invoke(builder);
        StartupChecks.Enforce(builder.Configuration);
        builder.AddObservability();

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        // TryAdd: a host (or a test) may bring a catalog from another data folder.
        services.TryAddSingleton(_ => Catalog.LoadDefault());
        services.AddSingleton(_ => UiText.LoadDefault());
        services.AddSingleton<ScoringPlans>();
        services.AddSingleton(_ => StorageAccount.FromSettings(key => builder.Configuration[key]));
        services.AddSingleton<SubmissionArchive>();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<RoundStore>();
        services.AddSingleton<CompletionStore>();
        services.AddSingleton<ScoreStore>();
        services.AddSingleton<WorkQueue>();
        services.AddValidatedOptions<IntakeOptions>(IntakeOptions.Section, IntakeOptions.Validate);
        services.AddSingleton(sp => new RoundCache(sp.GetRequiredService<RoundStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<IntakeOptions>>().Value.RoundCacheSeconds)));
        services.AddSingleton<SurveyIntake>();
        services.AddSingleton<SurveyPages>();
        services.AddSingleton<NetworkStore>();
        services.AddSingleton(sp => new EmailLedger(
            sp.GetRequiredService<StorageAccount>(),
            sp.GetRequiredService<IEmailSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<EmailOptions>>().Value.ClaimTimeout,
            sp.GetRequiredService<ILogger<EmailLedger>>()));
        services.AddSingleton<AuditLog>();
        services.AddValidatedOptions<ProfileOptions>(ProfileOptions.Section, ProfileOptions.Validate);
        services.AddSingleton(sp => new RoundTiming(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ProfileOptions>>().Value.DelayMarginSeconds)));
        services.AddSingleton<RoundLifecycle>();
        services.AddSingleton<RoundStatusReader>();
        services.AddSingleton(_ => TemplateLibrary.LoadDefault());
        services.AddValidatedOptions<AppOptions>(AppOptions.Section, AppOptions.Validate);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AppOptions>>().Value.Urls());
        services.AddValidatedOptions<EmailOptions>(EmailOptions.SectionName, EmailRules.Validate);
        services.AddHttpClient(nameof(SendGridEmailSender));
        services.AddSingleton<IEmailSender>(sp => new InstrumentedEmailSender(EmailSenders.Create(
            sp.GetRequiredService<IOptions<EmailOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridEmailSender)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Sender);
        services.AddSingleton<RoundMailer>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportRenderer>();
        services.AddValidatedOptions<PrivacyOptions>(PrivacyOptions.Section, PrivacyOptions.Validate);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.Floors());
        services.AddSingleton<RoundProfiler>();
        services.AddSingleton<ReportMailer>();
        services.AddSingleton<BuildProfiles.BuildProfiles>();
        services.AddSingleton<SendReport.SendReport>();
        services.AddSingleton<DataEraser>();
        services.AddSingleton<EraseData.EraseData>();
        services.AddSingleton(sp => new RetentionPolicy(sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.RetentionDays));
        services.AddSingleton<Surveys.Privacy.RetentionSweep>();
        services.AddSingleton<RetentionSweep.RetentionSweep>();
        services.AddValidatedOptions<CoachOptions>("Coach", CoachOptions.Validate);
        services.AddSingleton<ScoreSubmission.ScoreSubmission>();
        services.AddSingleton<RoundClock.RoundClock>();
        services.AddSingleton<SendInvitations.SendInvitations>();
        services.AddSingleton<SendReminders.SendReminders>();
        services.AddHostedService<StorageInitializer>();
        services.AddProblemDetails();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rp-form";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddHttpClient(nameof(LocalTriggerRunner));
        services.AddOptions<LocalTriggerOptions>().BindConfiguration("LocalTriggers");
        if (LocalTriggerRunner.IsEnabled(builder.Configuration))
        {
            services.AddHostedService<LocalTriggerRunner>();
        }

        var app = builder.Build();

        // Load and validate the data files and templates now, so a bad file stops the start with a clear message.
        app.Services.GetRequiredService<Catalog>();
        app.Services.GetRequiredService<SurveyPages>();
        app.UseProblemResponses();
        app.UseProblemStatusCodes();
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapGetSurvey();
        app.MapSubmitSurvey();
        app.MapGetParentPreview();
        app.MapQueueFunction<ScoreSubmission.ScoreSubmission, ScoreSubmissionMessage>(ScoreSubmission.ScoreSubmission.Name, "message");
        app.MapQueueFunction<SendInvitations.SendInvitations, SendInvitationsMessage>(SendInvitations.SendInvitations.Name, "message");
        app.MapQueueFunction<SendReminders.SendReminders, SendRemindersMessage>(SendReminders.SendReminders.Name, "message");
        app.MapTimerFunction<RoundClock.RoundClock>(RoundClock.RoundClock.Name, "timer");
        app.MapQueueFunction<BuildProfiles.BuildProfiles, BuildProfilesMessage>(BuildProfiles.BuildProfiles.Name, "message");
        app.MapQueueFunction<SendReport.SendReport, SendReportMessage>(SendReport.SendReport.Name, "message");
        app.MapGetReport();
        app.MapQueueFunction<EraseData.EraseData, EraseDataMessage>(EraseData.EraseData.Name, "message");
        app.MapTimerFunction<RetentionSweep.RetentionSweep>(RetentionSweep.RetentionSweep.Name, "timer");

        var coach = app.MapCoachGroup();
        CreateNetwork.CreateNetwork.Map(coach);
        ImportSchools.ImportSchools.Map(coach);
        ImportRoster.ImportRoster.Map(coach);
        ImportOptOuts.ImportOptOuts.Map(coach);
        CreateRound.CreateRound.Map(coach);
        OpenRound.OpenRound.Map(coach);
        CloseRound.CloseRound.Map(coach);
        GetRoundStatus.GetRoundStatus.Map(coach);
        ResendReport.ResendReport.Map(coach);
        DeleteNetworkData.DeleteNetworkData.Map(coach);
        DeleteRoundData.DeleteRoundData.Map(coach);
        DeleteSchoolData.DeleteSchoolData.Map(coach);
        GetAuditLog.GetAuditLog.Map(coach);
        ExportRound.ExportRound.Map(coach);
        UpdateNetwork.UpdateNetwork.Map(coach);
        return app;
    }

    /// <summary>Under the Functions host, listen where it says (loopback only); otherwise on the usual local port 7071.</summary>
    private static void ConfigureListener(WebApplicationBuilder builder)
    {
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:7071");
        }
    }
}

/// <summary>Creates tables, containers and queues at start; a storage outage here is logged, not fatal.</summary>
public sealed class StorageInitializer(StorageAccount storage, ILogger<StorageInitializer> logger) : IHostedService
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
            logger.LogWarning("Storage could not be prepared at start ({Error}); requests will answer 503 until it is reachable", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
