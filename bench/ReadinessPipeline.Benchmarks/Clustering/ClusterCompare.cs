using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ReadinessPipeline.Benchmarks.Profiles;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Clustering;

/// <summary>
/// <c>readiness cluster</c> as a whole process next to scikit-learn doing the same job (numpy loadtxt, KMeans with
/// k-means++ and 10 restarts, the same JSON out) on the same CSV, in one run: warm-up runs, then the two alternating so
/// both see the same machine load. Prints wall time, CPU time, inertia, and whether readiness printed the same bytes on
/// every run and with 1 and 2 cores. Arguments: --readiness &lt;executable&gt; [--python &lt;interpreter with
/// sklearn&gt;] [--rows 50000] [--k 5] [--runs 10] [--warmup 2].
/// </summary>
public static class ClusterCompare
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var folder = Directory.CreateTempSubdirectory("cluster-compare-").FullName;
        try
        {
            var csv = Path.Combine(folder, $"respondents-{options.Rows}.csv");
            var columns = Enumerable.Range(1, 10).Select(d => $"d{d}").ToArray();
            await File.WriteAllBytesAsync(csv, VectorCsv.Write(new VectorTable(columns, ClusterData.Respondents(options.Rows, seed: 42))));
            var k = options.K.ToString(CultureInfo.InvariantCulture);
            var readiness = new Tool("readiness cluster", options.Readiness, ["cluster", "--input", csv, "--k", k, "--format", "json"]);
            var tools = new List<Tool> { readiness };
            if (options.Python is { } python)
            {
                string[] script = [Path.Combine(AppContext.BaseDirectory, "Clustering", "sklearn_cluster.py"), csv, k];
                tools.Add(new Tool("scikit-learn", python, script));

                // Its OpenMP threads spin while they wait, which costs it dearly when other work shares the cores; one
                // thread shows what it does without that (for information: the target is against the default).
                tools.Add(new Tool("scikit-learn, OMP_NUM_THREADS=1", python, script, [("OMP_NUM_THREADS", "1")]));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Rows:N0} rows x 10 (survey-like respondents, seed 42), k = {options.K}; {options.Warmup} warm-up and {options.Runs} timed runs each, alternating; {Environment.ProcessorCount} cores."));
            var loadBefore = MemoryProbe.LoadAverage();
            for (var run = 0; run < options.Warmup; run++)
            {
                foreach (var tool in tools)
                {
                    await tool.RunAsync();
                }
            }

            var timings = tools.ToDictionary(t => t, _ => new List<Run>());
            for (var run = 0; run < options.Runs; run++)
            {
                foreach (var tool in tools)
                {
                    timings[tool].Add(await tool.RunAsync());
                }
            }

            var loadAfter = MemoryProbe.LoadAverage();
            var oneCore = await readiness.RunAsync(("DOTNET_PROCESSOR_COUNT", "1"));
            var twoCores = await readiness.RunAsync(("DOTNET_PROCESSOR_COUNT", "2"));

            Console.WriteLine();
            Console.WriteLine("| process | median wall | min | max | mean CPU (user + sys) | inertia |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var tool in tools)
            {
                var runs = timings[tool];
                var walls = runs.Select(r => r.Wall.TotalSeconds).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {tool.Name} | **{Median(walls):F3} s** | {walls[0]:F3} s | {walls[^1]:F3} s | {runs.Average(r => r.Cpu.TotalSeconds):F3} s | {runs[0].Inertia:F3} |"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) before / after: {loadBefore:F2} / {loadAfter:F2}."));
            var outputs = timings[readiness].Select(r => r.OutputHash).Distinct().Count();
            var sameOnCores = oneCore.OutputHash == timings[readiness][0].OutputHash && twoCores.OutputHash == oneCore.OutputHash;
            Console.WriteLine($"readiness printed the same bytes in all {options.Runs} runs: {(outputs == 1 ? "yes" : "NO")}; with DOTNET_PROCESSOR_COUNT=1 and =2: {(sameOnCores ? "the same bytes" : "DIFFERENT bytes")}.");
            if (options.Python is null)
            {
                Console.Error.WriteLine("No Python with scikit-learn was found, so there is no comparison: install Debian's python3-sklearn (it installs for /usr/bin/python3) or pass --python <interpreter>.");
                return 1;
            }

            var ours = timings[readiness];
            var theirs = timings[tools[1]];
            var ratio = Median([.. ours.Select(r => r.Wall.TotalSeconds)]) / Median([.. theirs.Select(r => r.Wall.TotalSeconds)]);
            var inertia = (ours[0].Inertia / theirs[0].Inertia) - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"readiness / scikit-learn, median wall time: {ratio:F2} (target: at most 1); inertia {(inertia >= 0 ? "+" : "")}{inertia * 100:F4} % (target: within 1 %)."));
            return outputs == 1 && sameOnCores && ratio <= 1 && Math.Abs(inertia) <= 0.01 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(double[] sorted)
    {
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Run(TimeSpan Wall, TimeSpan Cpu, double Inertia, string OutputHash);

    private sealed record Tool(string Name, string Executable, string[] Arguments, (string Name, string Value)[]? Variables = null)
    {
        public async Task<Run> RunAsync(params (string Name, string Value)[] environment)
        {
            var start = new ProcessStartInfo(Executable, Arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in (Variables ?? []).Concat(environment))
            {
                start.Environment[name] = value;
            }

            var cpuBefore = ChildrenCpu();
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            watch.Stop();
            var cpu = ChildrenCpu() - cpuBefore;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode}: {await errors}");
            }

            var text = await output;
            using var json = JsonDocument.Parse(text);
            return new Run(watch.Elapsed, cpu, json.RootElement.GetProperty("inertia").GetDouble(), Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
        }
    }

    /// <summary>CPU time (user + system) of the children this process has waited for, from getrusage; zero off Linux.</summary>
    internal static TimeSpan ChildrenCpu()
    {
        const int Children = -1;
        return OperatingSystem.IsLinux() && NativeMethods.getrusage(Children, out var usage) == 0
            ? TimeSpan.FromMicroseconds((usage.UserSeconds + usage.SystemSeconds) * 1_000_000.0 + usage.UserMicroseconds + usage.SystemMicroseconds)
            : TimeSpan.Zero;
    }

    private sealed record Options(string Readiness, string? Python, int Rows, int K, int Runs, int Warmup)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
            return new Options(
                Value("--readiness") ?? throw new ArgumentException("--readiness <path of the readiness executable> is required."),
                Value("--python") is { Length: > 0 } python ? python : null,
                Number("--rows", 50_000),
                Number("--k", 5),
                Number("--runs", 10),
                Number("--warmup", 2));
        }
    }

    /// <summary>Linux's struct rusage (x86-64 and arm64: 144 bytes): two timevals, then counters this driver does not read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int getrusage(int who, out ResourceUsage usage);
    }
}
