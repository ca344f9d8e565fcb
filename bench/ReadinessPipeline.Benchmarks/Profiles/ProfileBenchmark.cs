using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>What the build child process reports back: each BuildAsync call with its phases.</summary>
public sealed record BuildRun(string Label, MemoryReport Memory, List<PhaseTiming> Phases, int Requests)
{
    /// <summary>The RestampCompletions message the close queues, run right after it (none for builds that rewrite during the close).</summary>
    public TimeSpan? Restamp { get; init; }

    /// <summary>The SweepSubmissions message the close queues when the scoring queues were empty, run after the restamp, and how many answers it scored.</summary>
    public TimeSpan? Sweep { get; init; }

    public int Swept { get; init; }
}

/// <summary>
/// Round close (BuildProfiles) on a realistic network: seeds a fresh in-memory Azurite with a Closing round (network,
/// schools, staff ledger, one submission blob and one score row per response), then runs the app's own
/// <see cref="RoundProfiler"/>, resolved from <see cref="FunctionsApp.Build"/>'s container, in a fresh child process so
/// its memory peak is the build's alone. The child calls BuildAsync twice: cold (first call in the process, JIT
/// included) and warm (the same round again: files are rewritten, nothing new is sent). SendReport is not run.
/// With --builds N, N such processes run one after another on the same Azurite, to show how much runs vary; with
/// --compare, each is a pair of processes, another build's (the baseline) and this one's, whose files must be the same.
/// </summary>
public static class ProfileBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var schools = Arguments.Int(args, "--schools", 50);
        var staff = Arguments.Int(args, "--staff", 60);
        var students = Arguments.Int(args, "--students", 600);
        var unscored = Arguments.Double(args, "--unscored", 0);
        var output = Arguments.String(args, "--out");
        var keep = args.Contains("--keep");
        args = [.. args.Where(a => a != "--keep")];

        var round = new SyntheticRound(Catalog.LoadDefault(), schools, staff, (long)schools * students);
        Console.Error.WriteLine($"Seeding {schools} schools x ({staff} staff + {students} students) = {round.Responses:N0} responses...");
        // --connection: an Azurite started by hand (for example on disk, to copy the seeded data for repeated runs).
        using var bench = await BenchStorage.OpenAsync(Arguments.String(args, "--connection"), RoundSeeder.Retry);
        var (storage, connectionString) = (bench.Account, bench.ConnectionString);
        var transactions = !args.Contains("--upserts");
        // --seeded: the round is already in the Azurite given by --connection (an earlier run with --keep), for builds only.
        var seed = args.Contains("--seeded")
            ? new SeedResult(TimeSpan.Zero, 0, TimeSpan.Zero, (int)round.Responses, TimeSpan.Zero, (int)round.Responses, TimeSpan.Zero, 0)
            : await new RoundSeeder(storage, round, new ScoringPlans()) { Transactions = transactions }.SeedAsync(blobs: true, scores: true, unscored, Console.Error.WriteLine, CancellationToken.None);
        var stored = (await new ScoreStore(storage).CountAsync(round.Round.Key, round.Schools.Select(s => s.Id), CancellationToken.None)).Values.Sum();
        if (stored != seed.ScoreRows)
        {
            throw new InvalidOperationException($"Azurite holds {stored} score rows of the round; {seed.ScoreRows} were written.");
        }

        Console.Error.WriteLine($"Seeded in {seed.Total.TotalSeconds:F0} s (score rows read back: {stored:N0}); building profiles in a fresh process...");

        if (keep)
        {
            // For profiling by hand: the seeded round stays in this Azurite until stdin closes.
            Console.Error.WriteLine($"Azurite keeps the seeded round; build it with: dotnet {typeof(ProfileBenchmark).Assembly.Location} profiles-build --connection '{connectionString}'");
            Console.Error.WriteLine("Close stdin (or press Enter) to stop Azurite.");
            await Console.In.ReadLineAsync();
            return 0;
        }

        // Process 1 builds the round fresh from seeding; further processes (--builds N) rebuild it, to show the spread.
        // --compare <benchmark dll of another build>: each process is a pair, that build and this one, taking turns at
        // going first, and every report and model file each pair wrote is compared byte for byte.
        var other = Arguments.String(args, "--compare");
        var runs = new List<BuildRun>();
        var comparisons = new List<string>();
        var cpuTimes = new List<string>();
        for (var process = 1; process <= Arguments.Int(args, "--builds", 1); process++)
        {
            if (other is null)
            {
                Console.Error.WriteLine($"Build process {process}...");
                runs.AddRange((await RunChildAsync<List<BuildRun>>(["profiles-build", "--connection", connectionString])).Select(r => r with { Label = $"process {process}, {r.Label}" }));
                continue;
            }

            var files = new Dictionary<string, Dictionary<string, string>>();
            foreach (var (build, dll) in process % 2 == 1 ? [("baseline", other), ("this build", null)] : new[] { ("this build", (string?)null), ("baseline", other) })
            {
                Console.Error.WriteLine($"Build process {process}, {build}...");
                var cpu = Clustering.ClusterCompare.ChildrenCpu();
                runs.AddRange((await RunChildAsync<List<BuildRun>>(["profiles-build", "--connection", connectionString], dll)).Select(r => r with { Label = $"{build}, process {process}, {r.Label}" }));
                cpuTimes.Add($"| {build}, process {process} | {(Clustering.ClusterCompare.ChildrenCpu() - cpu).TotalSeconds:F1} s |");
                files[build] = await ReportSnapshot.TakeAsync(storage, round.Round.Key, CancellationToken.None);
            }

            comparisons.Add(ReportSnapshot.Compare(process, files["baseline"], files["this build"]));
            Console.Error.WriteLine(comparisons[^1]);
        }

        var report = Report(round, seed, runs, args) + string.Concat(comparisons.Select(c => Environment.NewLine + c + Environment.NewLine));
        if (cpuTimes.Count > 0)
        {
            // The build's own CPU time (Azurite's is apart): on a loaded machine it says more than the wall time.
            report += $"{Environment.NewLine}| build process (start-up, cold and warm build) | CPU time, user + system |{Environment.NewLine}|---|---:|{Environment.NewLine}{string.Join(Environment.NewLine, cpuTimes)}{Environment.NewLine}";
        }

        if (comparisons.Any(c => !c.StartsWith(ReportSnapshot.Same, StringComparison.Ordinal)))
        {
            Console.WriteLine(report);
            throw new InvalidOperationException("The two builds wrote different report files (see above).");
        }

        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        return 0;
    }

    /// <summary>The child: the app's container over the given storage, and BuildAsync measured cold, then warm.</summary>
    public static async Task<int> BuildAsync(string[] args)
    {
        var connectionString = Arguments.String(args, "--connection") ?? throw new ArgumentException("--connection is required");
        await using var app = FunctionsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["LocalTriggers:Enabled"] = "false",
            });
            builder.Logging.ClearProviders();
        });
        var profiler = app.Services.GetRequiredService<RoundProfiler>();
        using var timeline = new StorageTimeline();
        var runs = new List<BuildRun>();
        foreach (var label in new[] { "cold (first call in the process)", "warm (second call)" })
        {
            timeline.Start();
            var (_, memory) = await MemoryProbe.MeasureAsync(async () =>
            {
                await profiler.BuildAsync(new BuildProfilesMessage(SyntheticRound.NetworkId, SyntheticRound.RoundId), CancellationToken.None);
                return 0;
            });
            timeline.Stop();
            var calls = timeline.Calls;

            // Not part of the close: messages of their own, which the close queues once the reports are out; timed apart.
            var restamp = Stopwatch.StartNew();
            await app.Services.GetRequiredService<CompletionStore>().RestampAsync(new ReadinessPipeline.Models.RoundKey(SyntheticRound.NetworkId, SyntheticRound.RoundId), CancellationToken.None);
            restamp.Stop();
            var sweepQueue = app.Services.GetRequiredService<WorkQueue>().Client(StorageNames.SweepQueue);
            var sweep = Stopwatch.StartNew();
            int? swept = null;
            if ((await sweepQueue.ReceiveMessageAsync()).Value is { } queued)
            {
                swept = await profiler.SweepAsync(new SweepSubmissionsMessage(SyntheticRound.NetworkId, SyntheticRound.RoundId), CancellationToken.None);
                await sweepQueue.DeleteMessageAsync(queued.MessageId, queued.PopReceipt);
            }

            runs.Add(new BuildRun(label, memory, BuildPhases.Split(memory.StartedUtc, memory.Elapsed, calls), calls.Count)
            {
                Restamp = restamp.Elapsed,
                Sweep = swept is null ? null : sweep.Elapsed,
                Swept = swept ?? 0,
            });
        }

        Console.WriteLine(JsonSerializer.Serialize(runs));
        return 0;
    }

    /// <summary>
    /// Runs this benchmark executable again (or the benchmark dll of another build of the product) with
    /// <paramref name="args"/> and reads its JSON answer from the last stdout line.
    /// </summary>
    public static async Task<T> RunChildAsync<T>(string[] args, string? otherBuild = null)
    {
        var start = new ProcessStartInfo(otherBuild is null ? Environment.ProcessPath! : "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        if (otherBuild is not null)
        {
            start.ArgumentList.Add(otherBuild);
        }
        else if (!Environment.ProcessPath!.EndsWith("ReadinessPipeline.Benchmarks", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(ProfileBenchmark).Assembly.Location);
        }

        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var lines = new List<string>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || lines.Count == 0)
        {
            throw new InvalidOperationException($"The child process ({string.Join(' ', args.Take(1))}) failed with exit code {child.ExitCode}.");
        }

        return JsonSerializer.Deserialize<T>(lines[^1])!;
    }

    private static string Report(SyntheticRound round, SeedResult seed, List<BuildRun> runs, string[] args)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{string.Join(' ', ["./bench.sh", "profiles", .. args])}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{round.Schools.Count} schools ({round.Schools.Count(s => s.GradeSpan == "K-8")} K-8, {round.Schools.Count(s => s.GradeSpan != "K-8")} 6-12), {round.StaffPerSchool * round.Schools.Count:N0} staff + {round.Students:N0} students = {round.Responses:N0} responses; " +
            $"Azurite held {seed.Blobs:N0} submission blobs and {seed.ScoreRows:N0} score rows ({seed.Unscored:N0} blobs left unscored, their scoring messages waiting in the queue).");
        text.AppendLine();
        text.AppendLine("| seeding step | items | time | rate |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| network, schools, round | {round.Schools.Count + 2} | {seed.Setup.TotalSeconds:F1} s | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| staff invitations + completions (batches of 100) | {seed.LedgerRows:N0} | {seed.Ledger.TotalSeconds:F1} s | {seed.LedgerRows / seed.Ledger.TotalSeconds:N0}/s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| submission blobs (TryCreateAsync, {RoundSeeder.BlobParallelism} in flight) | {seed.Blobs:N0} | {seed.BlobTime.TotalSeconds:F1} s | {seed.Blobs / seed.BlobTime.TotalSeconds:N0}/s |");
        var how = args.Contains("--upserts") ? $"ScoreStore.UpsertAsync, {RoundSeeder.UpsertParallelism} in flight" : $"transactions of 100, {RoundSeeder.TableParallelism} in flight";
        text.AppendLine(CultureInfo.InvariantCulture, $"| score rows ({how}) | {seed.ScoreRows:N0} | {seed.ScoreTime.TotalSeconds:F1} s | {seed.ScoreRows / seed.ScoreTime.TotalSeconds:N0}/s |");
        text.AppendLine();
        text.AppendLine("| BuildAsync | wall time | storage requests | GC allocated | peak working set (at start) | peak managed heap | GCs (0/1/2) | load before / after |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var m = run.Memory;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Label} | **{m.Elapsed.TotalSeconds:F2} s** | {run.Requests:N0} | {Mb(m.AllocatedBytes)} | {Mb(m.PeakWorkingSet)} ({Mb(m.StartWorkingSet)}) | {Mb(m.PeakManagedHeap)} | {m.Gen0}/{m.Gen1}/{m.Gen2} | {m.Load} |");
        }

        foreach (var run in runs.Where(r => r.Restamp is not null))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Then its RestampCompletions message (the round's completion rows rewritten, run right after the close, not in its time), {run.Label}: {run.Restamp!.Value.TotalSeconds:F2} s.");
        }

        foreach (var run in runs)
        {
            text.AppendLine();
            var line = run.Sweep is { } sweep
                ? string.Create(CultureInfo.InvariantCulture, $"Then its SweepSubmissions message (the stored submissions listed against the score rows, after the close, not in its time), {run.Label}: {sweep.TotalSeconds:F2} s, {run.Swept:N0} scored.")
                : $"No SweepSubmissions message, {run.Label}: the scoring queues were not empty, so the close listed the stored submissions itself.";
            text.AppendLine(line);
        }

        // The phases of the first process's two calls; side by side with another build, each build's cold call.
        foreach (var run in args.Contains("--compare") ? runs.Where(r => r.Label.Contains("cold", StringComparison.Ordinal)).Take(2) : runs.Take(2))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Phases, {run.Label}:");
            text.AppendLine();
            text.AppendLine("| phase | wall | storage requests | summed request time | requests |");
            text.AppendLine("|---|---:|---:|---:|---|");
            foreach (var phase in run.Phases)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase.Phase} | {phase.Wall.TotalMilliseconds:N0} ms | {phase.Calls:N0} | {phase.StorageTime.TotalMilliseconds:N0} ms | {phase.Requests} |");
            }
        }

        return text.ToString();
    }

    internal static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";
}

/// <summary>Command-line options of the custom drivers.</summary>
internal static class Arguments
{
    public static string? String(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    public static int Int(string[] args, string name, int fallback) => String(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static long Long(string[] args, string name, long fallback) => String(args, name) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) => String(args, name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
