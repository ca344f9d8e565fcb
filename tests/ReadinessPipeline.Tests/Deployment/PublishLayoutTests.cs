using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Deployment;

/// <summary>The deployable package, unpacked and checked against what the Functions host expects.</summary>
public class PublishLayoutTests(PublishLayoutTests.Package package) : IClassFixture<PublishLayoutTests.Package>
{
    private static readonly string SourceFolder = Path.Combine(TestAzurite.RepositoryRoot(), "src", "Functions");

    private static IEnumerable<string> SourceFunctions() =>
        Directory.GetDirectories(SourceFolder).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Fact]
    public void The_package_has_host_json_at_its_root_and_every_function_folder()
    {
        Assert.NotNull(package.Zip.GetEntry("host.json"));
        var packaged = package.Zip.Entries.Where(e => e.FullName.EndsWith("/function.json", StringComparison.Ordinal)).Select(e => e.FullName.Split('/')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(SourceFunctions(), packaged);
        Assert.All(package.Zip.Entries.Where(e => e.FullName.EndsWith("function.json", StringComparison.Ordinal)), e => Assert.Equal(2, e.FullName.Split('/').Length));
    }

    [Fact]
    public void The_handler_host_json_starts_is_in_the_package_with_its_runtime_files()
    {
        using var host = JsonDocument.Parse(package.Read("host.json"));
        var description = host.RootElement.GetProperty("customHandler").GetProperty("description");
        var handler = description.GetProperty("arguments")[0].GetString()!;

        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.NotNull(package.Zip.GetEntry(handler));
        Assert.NotNull(package.Zip.GetEntry(Path.ChangeExtension(handler, ".runtimeconfig.json")));
        Assert.NotNull(package.Zip.GetEntry(Path.ChangeExtension(handler, ".deps.json")));
        Assert.NotNull(package.Zip.GetEntry("libSkiaSharp.so"));
        Assert.NotNull(package.Zip.GetEntry("Data/instruments/staff-readiness/v1/instrument.json"));
        Assert.NotNull(package.Zip.GetEntry("Data/templates/reports/school-email.liquid"));
        Assert.NotNull(package.Zip.GetEntry("Pages/Templates/form.liquid"));
        Assert.DoesNotContain(package.Zip.Entries, e => e.FullName.StartsWith("runtimes/win", StringComparison.Ordinal));
    }

    [Fact]
    public void The_executable_bit_survives_packaging()
    {
        var apphost = package.Zip.GetEntry("ReadinessPipeline.Functions")!;

        var mode = (apphost.ExternalAttributes >> 16) & 0x1FF;
        Assert.True((mode & 0x49) == 0x49, $"mode {Convert.ToString(mode, 8)} is not executable");
        Assert.Equal(0, (package.Zip.GetEntry("host.json")!.ExternalAttributes >> 16) & 0x49);
    }

    [Fact]
    public async Task Every_packaged_host_and_function_json_is_valid_against_the_schemas()
    {
        Assert.Empty(await Contracts.ValidateAsync("host.schema.json", package.Read("host.json")));
        foreach (var entry in package.Zip.Entries.Where(e => e.Name == "function.json"))
        {
            var errors = await Contracts.ValidateAsync("function.schema.json", package.Read(entry.FullName));
            Assert.True(errors.Count == 0, $"{entry.FullName}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void The_packaged_host_json_is_the_source_one()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(SourceFolder, "host.json")), package.Read("host.json"));
    }

    /// <summary>Runs the same publish as ./publish.sh once, into a temporary folder.</summary>
    public sealed class Package : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("publish-").FullName;

        public Package()
        {
            var zip = Path.Combine(_folder, "readiness-functions.zip");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "publish", SourceFolder, "-c", "Release", "-o", Path.Combine(_folder, "app"), "-nologo", "-v", "q", $"-p:ZipTo={zip}" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"dotnet publish failed: {output.Result}{error}");
            Zip = ZipFile.OpenRead(zip);
        }

        public ZipArchive Zip { get; }

        public string Read(string name)
        {
            using var reader = new StreamReader(Zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        public void Dispose()
        {
            Zip.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
