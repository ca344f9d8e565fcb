using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Deployment;

/// <summary>Every setting is bound to an options class, checked at start-up, and documented in the README.</summary>
public class ConfigurationTests
{
    private static readonly (Type Options, string Section)[] Sections =
    [
        (typeof(AppOptions), AppOptions.Section),
        (typeof(IntakeOptions), IntakeOptions.Section),
        (typeof(PrivacyOptions), PrivacyOptions.Section),
        (typeof(ProfileOptions), ProfileOptions.Section),
        (typeof(EmailOptions), EmailOptions.SectionName),
        (typeof(CoachOptions), "Coach"),
        (typeof(LocalTriggerOptions), "LocalTriggers"),
    ];

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Privacy:SchoolFloor", "2", "Privacy:SchoolFloor must be at least 3" },
        { "Privacy:NetworkFloor", "4", "Privacy:NetworkFloor must be at least Privacy:SchoolFloor" },
        { "Email:MaxAttempts", "0", "Email:MaxAttempts must be from 1 to 10" },
        { "Email:ClaimTimeout", "00:02:00", "Email:ClaimTimeout must be from 00:00:01 to 1.00:00:00 and longer than the retry waits of one email (00:03:00)" },
        { "Email:From", "not an address", "is not an email address" },
        { "App:PublicUrl", "ftp://files.example", "App:PublicUrl must be an absolute http(s) address" },
        { "Intake:RoundCacheSeconds", "-1", "Intake:RoundCacheSeconds must be from 0 to 60" },
        { "Coach:KeyHashes:0", "no-hash-here", "Coach:KeyHashes entries must look like" },
        { "Coach:KeyHashes:0", "old-style:" + new string('a', 64), "Coach:KeyHashes entries must look like 'keyId:<64 hex chars of SHA-256>:<network ids" },
        { "Coach:KeyHashes:0", "east:" + new string('a', 64) + ":East_Net", "Coach:KeyHashes entries must look like" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string key, string value, string message)
    {
        await using var app = FunctionsApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true"), new("LocalTriggers:Enabled", "false"), new(key, value)]);
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_documents_every_setting_the_app_binds()
    {
        var readme = File.ReadAllText(Path.Combine(TestAzurite.RepositoryRoot(), "README.md"));
        var missing = Sections
            .SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => $"{s.Section}:{p.Name}"))
            .Where(setting => !readme.Contains($"`{setting}", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
    }
}
