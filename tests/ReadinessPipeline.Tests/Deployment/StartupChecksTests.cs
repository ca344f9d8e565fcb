using Microsoft.Extensions.Configuration;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Tests.Deployment;

public class StartupChecksTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string)[] SafeAzure =
    [
        ("WEBSITE_SITE_NAME", "readiness-prod"),
        ("AzureWebJobsStorage__blobServiceUri", "https://stread.blob.core.windows.net"),
        ("AzureWebJobsStorage__queueServiceUri", "https://stread.queue.core.windows.net"),
        ("AzureWebJobsStorage__tableServiceUri", "https://stread.table.core.windows.net"),
        ("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001"),
        ("Coach:KeyHashes:0", "coach-2026:" + new string('a', 64) + ":*"),
        ("Email:SendGridApiKey", "SG.key-from-key-vault"),
        ("Email:From", "readiness@district.example"),
        ("App:PublicUrl", "https://readiness-prod.azurewebsites.net"),
    ];

    [Fact]
    public void A_local_run_needs_only_storage()
    {
        Assert.Empty(StartupChecks.Problems(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))));
    }

    [Fact]
    public void Without_storage_the_problem_says_what_to_set()
    {
        var problem = Assert.Single(StartupChecks.Problems(Settings()));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_safe_Azure_configuration_with_a_managed_identity_passes()
    {
        Assert.Empty(StartupChecks.Problems(Settings(SafeAzure)));
    }

    [Fact]
    public void In_Azure_no_coach_key_the_outbox_http_and_the_placeholder_sender_are_all_refused()
    {
        var problems = StartupChecks.Problems(Settings(("WEBSITE_SITE_NAME", "readiness-prod"), ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("App:PublicUrl", "http://readiness.example")));

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("coach key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("SendGrid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("https", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Email__From", StringComparison.Ordinal));
    }

    [Fact]
    public void The_app_does_not_start_in_Azure_with_an_unsafe_configuration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionsApp.Build([], builder =>
            builder.Configuration.AddInMemoryCollection([new("WEBSITE_SITE_NAME", "readiness-prod"), new("AzureWebJobsStorage", "UseDevelopmentStorage=true")])));

        Assert.StartsWith("The app will not start with this configuration:", error.Message, StringComparison.Ordinal);
        Assert.Contains("coach key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Started_by_a_host_with_its_endpoint_the_app_is_the_worker()
    {
        string[] hostArguments = ["--host", "127.0.0.1", "--port", "50111", "--workerId", "w-1", "--functions-uri", "http://127.0.0.1:50111/", "--functions-worker-id", "w-1"];

        Assert.Equal(HostMode.Worker, HostModes.Detect(hostArguments, Settings()));
        Assert.Equal(HostMode.Worker, HostModes.Detect(hostArguments, Settings(("WEBSITE_SITE_NAME", "readiness-prod"))));
        Assert.Equal(HostMode.Worker, HostModes.Detect([], Settings((HostModes.EndpointKey, "http://127.0.0.1:50111/"))));
    }

    [Fact]
    public void Without_a_host_endpoint_the_app_runs_standalone_except_in_Azure_where_it_refuses()
    {
        Assert.Equal(HostMode.Standalone, HostModes.Detect([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))));
        Assert.Equal(HostMode.Standalone, HostModes.Detect(["--urls", "http://127.0.0.1:7072"], Settings()));
        Assert.Equal(HostMode.Refused, HostModes.Detect([], Settings(("WEBSITE_SITE_NAME", "readiness-prod"))));
    }

    [Fact]
    public async Task The_built_app_started_in_Azure_without_a_host_exits_with_one_message_saying_why()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ReadinessPipeline.Functions.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["WEBSITE_SITE_NAME"] = "readiness-prod";
        start.Environment.Remove("Functions__Worker__HostEndpoint");

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal(HostModes.RefusalMessage, stderr.Trim());
        Assert.Equal("", (await stdout).Trim());
    }

    [Fact]
    public void Identity_based_storage_settings_build_clients_for_the_service_uris()
    {
        var settings = Settings(SafeAzure);

        var account = StorageAccount.FromSettings(key => settings[key]);

        Assert.Equal("https://stread.blob.core.windows.net/", account.Blobs.Uri.ToString());
        Assert.Equal("https://stread.queue.core.windows.net/", account.Queues.Uri.ToString());
        Assert.Equal("https://stread.table.core.windows.net/", account.Tables.Uri.ToString());
        Assert.Equal("stread", account.Blobs.AccountName);
    }

    [Fact]
    public void A_connection_string_wins_over_service_uris()
    {
        var account = StorageAccount.FromSettings(key => key == "AzureWebJobsStorage" ? "UseDevelopmentStorage=true" : "https://ignored.example");

        Assert.Equal("devstoreaccount1", account.Blobs.AccountName);
    }
}
