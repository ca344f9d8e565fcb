using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Deployment;

/// <summary>The Bicep templates, built and linted offline with the real bicep binary, and what they deploy.</summary>
public partial class InfrastructureTests(InfrastructureTests.Built built) : IClassFixture<InfrastructureTests.Built>
{
    private static readonly string Folder = Path.Combine(TestAzurite.RepositoryRoot(), "infra", "bicep");

    [Fact]
    public void Bicep_build_succeeds_without_warnings()
    {
        Assert.True(built.Build.ExitCode == 0, built.Build.Error);
        Assert.DoesNotContain("Warning", built.Build.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", built.Build.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bicep_lint_reports_nothing()
    {
        var lint = Bicep("lint", Path.Combine(Folder, "main.bicep"));

        Assert.True(lint.ExitCode == 0, lint.Output + lint.Error);
        Assert.Equal("", (lint.Output + lint.Error).Trim());
    }

    [Fact]
    public void Storage_takes_no_shared_keys_and_no_public_blob_access()
    {
        var account = built.Resource("Microsoft.Storage/storageAccounts").GetProperty("properties");

        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void The_audit_container_takes_appends_only_until_its_retention_ends()
    {
        var policy = Assert.Single(built.Resources("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"));
        var properties = policy.GetProperty("properties");

        Assert.Contains("'audit'", policy.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(properties.GetProperty("allowProtectedAppendWrites").GetBoolean());
        Assert.Equal("[parameters('auditRetentionDays')]", properties.GetProperty("immutabilityPeriodSinceCreationInDays").GetString());
        Assert.Contains(StorageNames.AuditContainer, StorageNames.AllContainers);
    }

    [Fact]
    public void The_function_app_runs_on_Flex_Consumption_with_a_managed_identity_and_dotnet_10()
    {
        Assert.Equal("FlexConsumption", built.Resource("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("tier").GetString());
        var site = built.Resource("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var runtime = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal(("dotnet-isolated", "10.0"), (runtime.GetProperty("name").GetString(), runtime.GetProperty("version").GetString()));
        Assert.True(site.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());
    }

    [Fact]
    public void App_settings_use_identity_based_storage_and_a_key_vault_reference_and_hold_no_secret()
    {
        var settings = built.Resource("Microsoft.Web/sites/config").GetProperty("properties");
        var names = settings.EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "AzureWebJobsStorage__credential", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "Coach__KeyHashes__0", "Email__From", "Email__SendGridApiKey", "App__PublicUrl", "APPLICATIONINSIGHTS_CONNECTION_STRING" }, names);
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings.GetProperty("Email__SendGridApiKey").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", built.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", built.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_identity_gets_exactly_the_roles_it_needs()
    {
        // Role ids reach the assignments through variables, so look at every id literal in the compiled template:
        // role definitions are the only GUIDs it contains.
        var roles = RoleId().Matches(built.Json).Select(m => m.Value).ToHashSet();
        var assignments = built.Resources("Microsoft.Authorization/roleAssignments").ToList();
        Assert.Equal(4, assignments.Count);
        Assert.Single(assignments, a => a.TryGetProperty("copy", out _));

        Assert.Equal(
            new HashSet<string>
            {
                "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
                "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
                "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", // Key Vault Secrets Officer (the person deploying, optional)
            },
            roles);
    }

    [Fact]
    public void Every_storage_read_write_and_delete_is_logged_to_log_analytics()
    {
        var settings = built.Resources("Microsoft.Insights/diagnosticSettings").ToList();

        // One per data service: blobs (answers, reports), queues and tables (scores, completions, ledger, links).
        Assert.Equal(
            ["blobServices", "queueServices", "tableServices"],
            settings.Select(s => Regex.Match(s.GetProperty("scope").GetString()!, @"Microsoft\.Storage/storageAccounts/(\w+)").Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(settings, s =>
        {
            var properties = s.GetProperty("properties");
            Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", properties.GetProperty("workspaceId").GetString());
            Assert.Equal("[variables('accessLogs')]", properties.GetProperty("logs").GetString());
        });
        Assert.Equal(
            ["StorageDelete", "StorageRead", "StorageWrite"],
            built.Variable("accessLogs").EnumerateArray().Where(l => l.GetProperty("enabled").GetBoolean()).Select(l => l.GetProperty("category").GetString()!).Order(StringComparer.Ordinal));

        // The workspace is the one the monitoring module creates.
        Assert.Matches(@"\[reference\(resourceId\('Microsoft\.Resources/deployments', 'monitoring'\), '[0-9-]+'\)\.outputs\.workspaceId\.value\]", built.Json);
    }

    [Fact]
    public void Publishing_with_a_user_name_and_password_is_off_for_ftp_and_the_deployment_endpoint()
    {
        var policies = built.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(2, policies.Count);
        Assert.Contains(policies, p => p.GetProperty("name").GetString()!.EndsWith("'ftp')]", StringComparison.Ordinal));
        Assert.Contains(policies, p => p.GetProperty("name").GetString()!.EndsWith("'scm')]", StringComparison.Ordinal));
        Assert.All(policies, p => Assert.False(p.GetProperty("properties").GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void Storage_and_key_vault_can_be_limited_to_the_apps_subnet_and_are_open_by_default()
    {
        var parameters = built.Document.RootElement.GetProperty("parameters");
        Assert.Equal("", parameters.GetProperty("appSubnetId").GetProperty("defaultValue").GetString());
        Assert.Equal(0, parameters.GetProperty("allowedIpRanges").GetProperty("defaultValue").GetArrayLength());

        var storage = built.Resource("Microsoft.Storage/storageAccounts").GetProperty("properties").GetProperty("networkAcls").GetString()!;
        var vault = built.Resource("Microsoft.KeyVault/vaults").GetProperty("properties").GetProperty("networkAcls").GetString()!;
        foreach (var acl in new[] { storage, vault })
        {
            Assert.Contains("parameters('appSubnetId')", acl, StringComparison.Ordinal);
            Assert.Contains("'defaultAction', 'Deny'", acl, StringComparison.Ordinal);
            Assert.Contains("'defaultAction', 'Allow'", acl, StringComparison.Ordinal);
            Assert.Contains("parameters('allowedIpRanges')", acl, StringComparison.Ordinal);
        }

        Assert.Contains("parameters('appSubnetId')", built.Resource("Microsoft.Web/sites").GetProperty("properties").GetProperty("virtualNetworkSubnetId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tables_containers_and_queues_deployed_are_the_ones_the_app_uses()
    {
        var storage = File.ReadAllText(Path.Combine(Folder, "modules", "storage.bicep"));

        Assert.Equal(StorageNames.AllContainers.Order(), List(storage, "containers").Order());
        Assert.Equal(StorageNames.AllQueues.Order(), List(storage, "queues").Order());
        Assert.Equal(StorageNames.AllTables.Order(), List(storage, "tables").Order());
    }

    [Fact]
    public void Azd_finds_the_templates_and_the_service()
    {
        var azure = File.ReadAllText(Path.Combine(TestAzurite.RepositoryRoot(), "azure.yaml"));

        Assert.Contains("path: infra/bicep", azure, StringComparison.Ordinal);
        Assert.Contains("project: ./src/Functions", azure, StringComparison.Ordinal);
        Assert.Contains("host: function", azure, StringComparison.Ordinal);
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "main.parameters.json")));
        var declared = BicepParameter().Matches(File.ReadAllText(Path.Combine(Folder, "main.bicep"))).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Superset(parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(), declared.Where(p => p is not ("logRetentionDays" or "auditRetentionDays")).ToHashSet());
    }

    private static List<string> List(string bicep, string name) =>
        [.. Regex.Match(bicep, $@"var {name} = \[(.*?)\]").Groups[1].Value.Split(',').Select(s => s.Trim().Trim('\''))];

    private static (int ExitCode, string Output, string Error) Bicep(params string[] args)
    {
        var path = typeof(InfrastructureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();

    [GeneratedRegex(@"(?m)^param (\w+) ")]
    private static partial Regex BicepParameter();

    /// <summary>main.bicep built once to ARM JSON; nested module templates are searched too.</summary>
    public sealed class Built
    {
        public Built()
        {
            Build = Bicep("build", Path.Combine(Folder, "main.bicep"), "--stdout");
            Json = Build.Output;
            Document = JsonDocument.Parse(Json.Length > 0 ? Json : "{}");
        }

        public (int ExitCode, string Output, string Error) Build { get; }

        public string Json { get; }

        public JsonDocument Document { get; }

        public IEnumerable<JsonElement> Resources(string type) => All(Document.RootElement).Where(r => r.GetProperty("type").GetString() == type);

        public JsonElement Resource(string type) => Resources(type).Single();

        /// <summary>A variable declared in exactly one of the templates (main or a module).</summary>
        public JsonElement Variable(string name) => Templates(Document.RootElement)
            .Where(t => t.TryGetProperty("variables", out var variables) && variables.TryGetProperty(name, out _))
            .Select(t => t.GetProperty("variables").GetProperty(name))
            .Single();

        private static IEnumerable<JsonElement> Templates(JsonElement template) =>
            All(template).Where(r => r.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("template", out _))
                .Select(r => r.GetProperty("properties").GetProperty("template"))
                .Prepend(template);

        private static IEnumerable<JsonElement> All(JsonElement template)
        {
            if (!template.TryGetProperty("resources", out var resources))
            {
                yield break;
            }

            foreach (var resource in resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value))
            {
                yield return resource;
                if (resource.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("template", out var nested))
                {
                    foreach (var inner in All(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
