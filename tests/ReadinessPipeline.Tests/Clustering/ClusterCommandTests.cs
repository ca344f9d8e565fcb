using System.Diagnostics;
using System.Text.Json;
using ReadinessPipeline.Cli.Offline;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Clustering;

[Collection(nameof(ConsoleCollection))]
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Clusters_a_csv_and_prints_the_hand_computed_json()
    {
        // The six points of KMeansClustererTests: centroids (25/3, 25/3) and (4/3, 4/3), inertia 8/3.
        var file = Write("x,y\n1,1\n2,1\n1,2\n8,8\n9,8\n8,9\n");

        var (code, output, errors) = await RunAsync("--input", file, "--k", "2", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["k", "inertia", "assignments", "centroids"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("k").GetInt32());
        Assert.Equal(8.0 / 3, root.GetProperty("inertia").GetDouble(), 12);
        Assert.Equal([1, 1, 1, 0, 0, 0], root.GetProperty("assignments").EnumerateArray().Select(a => a.GetInt32()));
        var centroids = root.GetProperty("centroids").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(25.0 / 3, centroids[0][0], 12);
        Assert.Equal(25.0 / 3, centroids[0][1], 12);
        Assert.Equal(4.0 / 3, centroids[1][0], 12);
        Assert.Equal(4.0 / 3, centroids[1][1], 12);
    }

    [Fact]
    public async Task A_k_range_picks_the_k_of_three_obvious_groups()
    {
        // Groups around (0,0), (10,0) and (0,10), three points each; each group's points are (0,0), (1,0), (0,1)
        // from its corner, so each centroid is the corner + (1/3, 1/3) and each group adds 2 * (1/9 + 4/9) + 2/9 =
        // 4/3 to the inertia: 4 in all.
        var file = Write("a,b\n0,0\n1,0\n0,1\n10,0\n11,0\n10,1\n0,10\n1,10\n0,11\n");

        var (code, output, _) = await RunAsync("--input", file, "--k-range", "2..4", "--seed", "7", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("k").GetInt32());
        Assert.Equal(4.0, json.RootElement.GetProperty("inertia").GetDouble(), 12);
    }

    [Fact]
    public async Task The_same_file_gives_the_same_output()
    {
        var file = Write("a,b,c\n" + string.Join('\n', Enumerable.Range(0, 200).Select(i => $"{i % 7}.{i % 3},{(i * 37) % 11},{i % 5}")) + "\n");

        var first = await RunAsync("--input", file, "--k-range", "2..6", "--format", "json");
        var second = await RunAsync("--input", file, "--k-range", "2..6", "--format", "json");

        Assert.Equal(0, first.Code);
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public async Task The_output_is_the_same_whatever_the_number_of_cores()
    {
        // Restarts run in parallel; the runtime takes its core count from DOTNET_PROCESSOR_COUNT at start, so each
        // count needs its own process.
        var rows = ClusterData.Respondents(4_000, seed: 5);
        var file = Write(System.Text.Encoding.UTF8.GetString(VectorCsv.Write(new VectorTable([.. Enumerable.Range(1, 10).Select(d => $"d{d}")], rows))));

        var outputs = new List<string>();
        foreach (var cores in new[] { "1", "2", "5" })
        {
            outputs.Add(await RunProcessAsync(cores, "--input", file, "--k-range", "2..4", "--format", "json"));
        }

        using var json = JsonDocument.Parse(outputs[0]);
        Assert.Equal(4_000, json.RootElement.GetProperty("assignments").GetArrayLength());
        Assert.All(outputs, output => Assert.Equal(outputs[0], output));
    }

    [Fact]
    public async Task A_missing_file_is_an_error()
    {
        var missing = Path.Combine(_folder, "nope.csv");

        await AssertFailsAsync(["--input", missing, "--k", "2", "--format", "json"], $"The input file {missing} does not exist.");
    }

    [Fact]
    public async Task A_cell_that_is_not_a_number_is_reported_with_its_line()
    {
        var file = Write("x,y\n1,1\n\n2,abc\n");

        await AssertFailsAsync(["--input", file, "--k", "2", "--format", "json"], "Line 4, column 2 (y): 'abc' is not a number");
    }

    [Fact]
    public async Task Infinity_and_nan_are_not_numbers_here()
    {
        var file = Write("x,y\n1,1\n2,NaN\n");

        await AssertFailsAsync(["--input", file, "--k", "2", "--format", "json"], "Line 3, column 2 (y): 'NaN' is not a number");
    }

    [Fact]
    public async Task A_ragged_row_is_an_error()
    {
        var file = Write("x,y\n1,1\n2,2,2\n");

        await AssertFailsAsync(["--input", file, "--k", "2", "--format", "json"], "Line 3 has 3 cells but the header has 2.");
    }

    [Theory]
    [InlineData("", "The file is empty")]
    [InlineData("x,y\n", "The file has a header but no rows.")]
    [InlineData("1,2\n3,4\n", "Line 1 should be the header naming the columns, but it holds only numbers")]
    public async Task Empty_or_headless_files_are_errors(string content, string message)
    {
        await AssertFailsAsync(["--input", Write(content), "--k", "2", "--format", "json"], message);
    }

    [Theory]
    [InlineData("--k", "1", "--k must be 2 or more, not 1.")]
    [InlineData("--k", "4", "Too few to cluster: 6 rows; 4 clusters need at least 8 distinct rows.")]
    [InlineData("--k-range", "4..6", "Too few to cluster: 6 rows; at least 4 clusters need at least 8 distinct rows.")]
    [InlineData("--k-range", "1..3", "--k-range must start at 2 or more, not 1.")]
    public async Task K_out_of_range_is_an_error(string option, string value, string message)
    {
        var file = Write("x,y\n1,1\n2,1\n1,2\n8,8\n9,8\n8,9\n");

        await AssertFailsAsync(["--input", file, option, value, "--format", "json"], message);
    }

    [Theory]
    [InlineData("2-5", "--k-range must be two whole numbers written a..b, like 2..6, not '2-5'.")]
    [InlineData("a..b", "--k-range must be two whole numbers written a..b, like 2..6, not 'a..b'.")]
    [InlineData("2..", "--k-range must be two whole numbers written a..b, like 2..6, not '2..'.")]
    [InlineData("5..3", "--k-range 5..3 is empty: 3 is below 5.")]
    public async Task A_bad_range_is_an_error(string range, string message)
    {
        await AssertFailsAsync(["--input", Write("x\n1\n"), "--k-range", range, "--format", "json"], message);
    }

    [Fact]
    public async Task Exactly_one_of_k_and_k_range_is_needed()
    {
        var file = Write("x\n1\n");

        await AssertFailsAsync(["--input", file, "--k", "2", "--k-range", "2..3", "--format", "json"], "Give exactly one of --k <k> and --k-range <a>..<b>.");
        await AssertFailsAsync(["--input", file, "--format", "json"], "Give exactly one of --k <k> and --k-range <a>..<b>.");
    }

    private static async Task AssertFailsAsync(string[] args, string message)
    {
        var (code, output, errors) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", errors);
        Assert.DoesNotContain("Exception", errors, StringComparison.Ordinal);
        // No JSON on standard output. System.CommandLine prints usage there after an option it could not accept.
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var code = await ClusterCommand.Create().Parse(args).InvokeAsync();
            return (code, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    /// <summary>Runs the built command line as its own process with <paramref name="cores"/> as the processor count; returns its standard output.</summary>
    private static async Task<string> RunProcessAsync(string cores, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "readiness.dll"));
        start.ArgumentList.Add("cluster");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_PROCESSOR_COUNT"] = cores;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"readiness cluster with {cores} cores failed: {errors}");
        return await output;
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }
}
