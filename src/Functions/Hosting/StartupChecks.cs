using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// Settings checked before the app is built, with every problem listed at once (each options section also checks its
/// own values when the app starts). In Azure (the platform sets
/// <c>WEBSITE_SITE_NAME</c>) the app refuses an unsafe configuration: no coach key, email going to the local
/// outbox instead of SendGrid, a non-https public address, or the placeholder sender.
/// </summary>
public static class StartupChecks
{
    private static readonly string[] ServiceUris = ["blobServiceUri", "queueServiceUri", "tableServiceUri"];

    public static bool RunsInAzure(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]);

    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration["AzureWebJobsStorage"])
            && ServiceUris.Any(k => string.IsNullOrWhiteSpace(configuration[$"AzureWebJobsStorage__{k}"])))
        {
            problems.Add("Storage: set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__blobServiceUri, __queueServiceUri and __tableServiceUri for a managed identity.");
        }

        var publicUrl = configuration["App:PublicUrl"];
        var from = configuration["Email:From"];
        if (RunsInAzure(configuration))
        {
            if (!configuration.GetSection("Coach:KeyHashes").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value)))
            {
                problems.Add($"In Azure at least one coach key is required: set Coach__KeyHashes__0 to '{CoachKeyEntry.Format}' (readiness coach-key new).");
            }

            if (string.IsNullOrWhiteSpace(configuration["Email:SendGridApiKey"]))
            {
                problems.Add("In Azure, email must go through SendGrid: set Email__SendGridApiKey (a Key Vault reference); the .eml outbox is for local runs only.");
            }

            if (publicUrl is null || !publicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("In Azure, App__PublicUrl must be the app's https address (it goes into every survey and report link).");
            }

            if (from is null || from.EndsWith("@localhost", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("In Azure, set Email__From to a sender address SendGrid has verified.");
            }
        }

        return problems;
    }

    /// <summary>Stops the start with one message listing every problem.</summary>
    public static void Enforce(IConfiguration configuration)
    {
        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The app will not start with this configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }
}
