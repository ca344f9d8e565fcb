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
public sealed record BuildRun(string Label, MemoryReport Memory, List<PhaseTiming> Phases, int Requests);

/// <summary>
/// Round close (BuildProfiles) on a realistic network: seeds a fresh in-memory Azurite with a Closing round (network,
/// schools, staff ledger, one submission blob and one score row per response), then runs the app's own
/// <see cref="RoundProfiler"/>, resolved from <see cref="FunctionsApp.Build"/>'s container, in a fresh child process so
/// its memory peak is the build's alone. The child calls BuildAsync twice: cold (first call in the process, JIT
/// included) and warm (the same round again: files are rewritten, nothing new is sent). SendReport is not run.
/// With --builds N, N such processes run one after another on the same Azurite, to show how much runs vary.
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
        using var azurite = Arguments.String(args, "--connection") is null ? await AzuriteProcess.StartAsync(1) : null;
        var connectionString = Arguments.String(args, "--connection") ?? azurite!.ConnectionString(AzuriteProcess.AccountName(1));
        var storage = StorageAccount.FromConnectionString(connectionString, RoundSeeder.Retry);
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var transactions = !args.Contains("--upserts");
        var seed = await new RoundSeeder(storage, round, new ScoringPlans()) { Transactions = transactions }.SeedAsync(blobs: true, scores: true, unscored, Console.Error.WriteLine, CancellationToken.None);
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
        var runs = new List<BuildRun>();
        for (var process = 1; process <= Arguments.Int(args, "--builds", 1); process++)
        {
            Console.Error.WriteLine($"Build process {process}...");
            runs.AddRange((await RunChildAsync<List<BuildRun>>(["profiles-build", "--connection", connectionString])).Select(r => r with { Label = $"process {process}, {r.Label}" }));
        }

        var report = Report(round, seed, runs, args);
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
            runs.Add(new BuildRun(label, memory, BuildPhases.Split(memory.StartedUtc, memory.Elapsed, calls), calls.Count));
        }

        Console.WriteLine(JsonSerializer.Serialize(runs));
        return 0;
    }

    /// <summary>Runs this benchmark executable again with <paramref name="args"/> and reads its JSON answer from the last stdout line.</summary>
    public static async Task<T> RunChildAsync<T>(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("ReadinessPipeline.Benchmarks", StringComparison.Ordinal))
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
            $"Azurite held {seed.Blobs:N0} submission blobs and {seed.ScoreRows:N0} score rows ({seed.Unscored:N0} blobs left unscored for the sweep).");
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

        foreach (var run in runs.Take(2))
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
