using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Deployment;

/// <summary>The deployable package, unpacked and checked against what the Functions host expects of a dotnet-isolated app.</summary>
public class PublishLayoutTests(PublishLayoutTests.Package package) : IClassFixture<PublishLayoutTests.Package>
{
    private static readonly string SourceFolder = Path.Combine(TestAzurite.RepositoryRoot(), "src", "Functions");

    /// <summary>The function folders of the source: those whose class has a [Function] method.</summary>
    private static IEnumerable<string> SourceFunctions() =>
        Directory.GetDirectories(SourceFolder)
            .Where(d => Directory.GetFiles(d, "*.cs").Any(f => File.ReadAllText(f).Contains("[Function(nameof(", StringComparison.Ordinal)))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Fact]
    public void The_package_is_an_isolated_worker_payload_with_no_function_json()
    {
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json" })
        {
            Assert.NotNull(package.Zip.GetEntry(file));
        }

        Assert.DoesNotContain(package.Zip.Entries, e => e.Name == "function.json");
        using var metadata = JsonDocument.Parse(package.Read("functions.metadata"));
        Assert.Equal(SourceFunctions(), metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(metadata.RootElement.EnumerateArray(), f => Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString()));
    }

    [Fact]
    public void The_worker_the_host_starts_is_in_the_package_with_its_runtime_files()
    {
        using var config = JsonDocument.Parse(package.Read("worker.config.json"));
        var description = config.RootElement.GetProperty("description");
        var worker = description.GetProperty("defaultWorkerPath").GetString()!;

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("ReadinessPipeline.Functions.dll", worker);
        Assert.NotNull(package.Zip.GetEntry(worker));
        Assert.NotNull(package.Zip.GetEntry(Path.ChangeExtension(worker, ".runtimeconfig.json")));
        Assert.NotNull(package.Zip.GetEntry(Path.ChangeExtension(worker, ".deps.json")));
        Assert.NotNull(package.Zip.GetEntry("libSkiaSharp.so"));
        Assert.NotNull(package.Zip.GetEntry("Data/instruments/staff-readiness/v1/instrument.json"));
        Assert.NotNull(package.Zip.GetEntry("Data/templates/reports/school-email.liquid"));
        Assert.NotNull(package.Zip.GetEntry("Pages/Templates/form.liquid"));
        Assert.DoesNotContain(package.Zip.Entries, e => e.FullName.StartsWith("runtimes/win", StringComparison.Ordinal));
        Assert.DoesNotContain(package.Zip.Entries, e => e.Name.StartsWith("local.settings.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_extension_the_host_loads_ships_in_the_package()
    {
        using var extensions = JsonDocument.Parse(package.Read("extensions.json"));
        var listed = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToList();

        Assert.Contains(listed, e => e.GetProperty("name").GetString() == "AzureStorageQueues");
        Assert.All(listed, e => Assert.NotNull(package.Zip.GetEntry(Path.GetRelativePath(".", e.GetProperty("hintPath").GetString()!))));
    }

    /// <summary>
    /// The app's own assemblies and the libraries a close runs through are precompiled (ReadyToRun): a ReadyToRun image
    /// carries a managed native header, an IL-only one does not.
    /// </summary>
    [Theory]
    [InlineData("ReadinessPipeline.Functions.dll")]
    [InlineData("ReadinessPipeline.Surveys.dll")]
    [InlineData("ReadinessPipeline.Models.dll")]
    [InlineData("Azure.Data.Tables.dll")]
    [InlineData("Fluid.dll")]
    public void The_assemblies_are_precompiled(string assembly)
    {
        using var stream = new MemoryStream();
        using (var entry = package.Zip.GetEntry(assembly)!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} is IL only");
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
    public async Task The_packaged_host_json_and_every_function_binding_are_valid_against_the_schemas()
    {
        Assert.Empty(await Contracts.ValidateAsync("host.schema.json", package.Read("host.json")));
        var functions = JsonNode.Parse(package.Read("functions.metadata"))!.AsArray();
        Assert.NotEmpty(functions);
        foreach (var function in functions)
        {
            var errors = await Contracts.ValidateAsync("function.schema.json", Contracts.AsFunctionJson(function!));
            Assert.True(errors.Count == 0, $"{function!["name"]}: {string.Join("; ", errors)}");
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
