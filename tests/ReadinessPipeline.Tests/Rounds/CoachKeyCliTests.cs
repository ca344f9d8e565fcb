using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Cli;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Surveys.Access;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Rounds;

/// <summary>Making coach keys for some networks or, said outright, all of them; and never sending a key in clear over a network.</summary>
[Collection(nameof(ConsoleCollection))]
public class CoachKeyCliTests
{
    private static string Line(string output, string label) =>
        output.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();

    [Fact]
    public async Task A_key_for_two_networks_prints_the_key_and_an_entry_naming_its_hash_and_networks()
    {
        var (exit, output, _) = await CliRunner.RunSplitAsync("coach-key", "new", "--id", "east-coaches", "--network", "east-net", "--network", "harbor-net");

        Assert.Equal(0, exit);
        var key = Line(output, "Coach key (give it to the coach; it is not stored anywhere):");
        var entry = CoachKeyEntry.Parse(Line(output, "App setting entry (Coach:KeyHashes):"))!;
        Assert.Equal(("east-coaches", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))), (entry.Id, entry.HashHex));
        Assert.Equal(["east-net", "harbor-net"], entry.Networks);
        Assert.True(entry.Allows("harbor-net"));
        Assert.False(entry.Allows("west-net"));
        Assert.Equal($"east-coaches:{entry.HashHex}:east-net,harbor-net", Line(output, "App setting entry (Coach:KeyHashes):"));
    }

    [Fact]
    public async Task An_organisation_wide_key_is_made_only_when_asked_for_by_name()
    {
        var (exit, output, _) = await CliRunner.RunSplitAsync("coach-key", "new", "--id", "district", "--all-networks");

        Assert.Equal(0, exit);
        var entry = CoachKeyEntry.Parse(Line(output, "App setting entry (Coach:KeyHashes):"))!;
        Assert.True(entry.IsOrganisationWide);
        Assert.EndsWith(":*", entry.ToString(), StringComparison.Ordinal);
        Assert.Contains("all (organisation-wide key)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--id", "x")]
    [InlineData("--id", "x", "--network", "a-net", "--all-networks")]
    [InlineData("--id", "x", "--network", "Bad/Net")]
    [InlineData("--id", "x:y", "--all-networks")]
    public async Task A_key_without_a_clear_scope_or_with_a_bad_name_is_refused(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunSplitAsync(["coach-key", "new", .. args]);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("Coach key (give it", output, StringComparison.Ordinal);
        Assert.NotEqual("", error.Trim());
    }

    [Theory]
    [InlineData("http://coach.example.org/")]
    [InlineData("http://readiness.district.example:7071")]
    public async Task A_plain_http_address_off_this_machine_is_refused_before_anything_is_sent(string baseUrl)
    {
        var (exit, output, error) = await CliRunner.RunSplitAsync("networks", "create", "east-net", "--name", "East", "--base-url", baseUrl, "--coach-key", "secret-coach-key");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("Refusing to send the coach key over plain http", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-coach-key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://coach.example.org/", true, true)]
    [InlineData("https://coach.example.org/", false, true)]
    [InlineData("http://localhost:7071/", false, true)]
    [InlineData("http://127.0.0.1:7071/", false, true)]
    [InlineData("http://[::1]:7071/", false, true)]
    [InlineData("http://coach.example.org/", false, false)]
    public void Plain_http_is_allowed_to_loopback_and_elsewhere_only_with_insecure(string baseUrl, bool insecure, bool allowed)
    {
        CoachClient? client = null;
        var refusal = Record.Exception(() => client = CoachClient.Create(baseUrl, "secret-coach-key", insecure));
        client?.Dispose();

        Assert.Equal(allowed, refusal is null);
        Assert.True(refusal is null or CliException);
    }
}
