using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Benchmarks.Profiles;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Intake;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Ingest;

/// <summary>
/// Drives SubmitSurvey over HTTP on loopback at 1, 8 and 32 concurrent clients, next to a baseline that makes the
/// same storage writes per submission with the SDK directly (blob create If-None-Match, completion row insert,
/// queue send). Each phase runs on a fresh in-memory Azurite, because Azurite's blob creates slow down as blobs
/// accumulate. Submissions use personal (confidential) staff links, so the writes match the baseline one for one;
/// the app adds its two reads (link and round). Scoring is off during the measurement: ingest only.
/// </summary>
public static class IngestBenchmark
{
    private static readonly int[] DefaultClients = [1, 8, 32];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Arguments.Int(args, "--count", 1500);
        var warmup = Arguments.Int(args, "--warmup", 500);
        var clients = Arguments.String(args, "--clients")?.Split(',').Select(int.Parse).ToArray() ?? DefaultClients;
        var output = Arguments.String(args, "--out");
        // --modes baseline or app: one side only; --connection: an Azurite started by hand (for profiling its thread
        // with bench/azurite-cpu.mjs), used by every phase instead of a fresh one, so give it one phase.
        var modes = Arguments.String(args, "--modes")?.Split(',') ?? ["baseline", "app"];
        var connection = Arguments.String(args, "--connection");

        var instrument = Catalog.LoadDefault().Latest("staff-readiness")!;
        var rows = new List<PhaseResult>();
        foreach (var c in clients)
        {
            foreach (var mode in modes)
            {
                Console.Error.WriteLine($"{mode} with {c} client(s): {warmup} warm-up + {count} measured submissions...");
                var row = await RunPhaseAsync(mode, c, count, warmup, instrument, connection);
                Console.Error.WriteLine($"  {row.PerSecond:F0}/s, p50 {row.P50:F1} ms, p99 {row.P99:F1} ms");
                rows.Add(row);
            }
        }

        var report = Report(rows, count, warmup, connection is not null);
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        return 0;
    }

    private static async Task<PhaseResult> RunPhaseAsync(string mode, int clients, int count, int warmup, Instrument instrument, string? connection)
    {
        using var bench = await BenchStorage.OpenAsync(connection);
        var (storage, connectionString) = (bench.Account, bench.ConnectionString);

        var now = DateTimeOffset.UtcNow;
        var round = new Round("bench-round", "bench-network", "Benchmark", RoundState.Open, now.AddHours(-1), now.AddDays(1),
            [new RoundInstrument(instrument.Id, instrument.Version, ResponseMode.Confidential)], [], now);
        await new RoundStore(storage).CreateAsync(round, CancellationToken.None);
        var total = count + warmup;
        var links = new LinkStore(storage);
        var tokens = new string[total];
        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            tokens[i] = await links.CreateAsync(hash => new SurveyLink(hash, LinkKind.Personal, round.NetworkId, round.Id, $"school-{i % 12:00}", instrument.Id, instrument.Version, $"person-{i}", false), ct));

        var bodies = Enumerable.Range(0, total).Select(i => Body(instrument, i)).ToArray();
        Func<int, Task> submit;
        WebApplication? app = null;
        HttpClient? http = null;
        if (mode == "app")
        {
            app = FunctionsApp.Build([], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = connectionString,
                    ["LocalTriggers:Enabled"] = "false",
                });
                builder.Logging.ClearProviders();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(address) };
            submit = async i =>
            {
                using var content = new StringContent(bodies[i].Json, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync($"/api/surveys/{tokens[i]}/responses", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"Submission {i} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            };
        }
        else
        {
            var archive = new SubmissionArchive(storage);
            var completions = new CompletionStore(storage);
            var queue = new WorkQueue(storage);
            submit = async i =>
            {
                var submission = bodies[i].Submission with { RoundId = round.Id, NetworkId = round.NetworkId, ReceivedOn = DateOnly.FromDateTime(DateTime.UtcNow) };
                await archive.TryCreateAsync(submission, null, CancellationToken.None);
                await completions.TryCompleteAsync(round.Key, new Completion(submission.SchoolId, instrument.Id, $"person-{i}"), CancellationToken.None);
                await queue.SendAsync(StorageNames.ScoreQueue, new ScoreSubmissionMessage(round.NetworkId, round.Id, submission.SchoolId, submission.SubmissionId), CancellationToken.None);
            };
        }

        try
        {
            await DriveAsync(submit, 0, warmup, clients);
            var measuredFrom = DateTime.UtcNow;
            var latencies = await DriveAsync(submit, warmup, count, clients);
            // For bench/azurite-cpu.mjs, which profiles Azurite over exactly this span.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window: {mode}, {clients} clients, {count} measured submissions from {measuredFrom:O} for {latencies.Elapsed.TotalSeconds:F3} s"));
            return new PhaseResult(mode, clients, count / latencies.Elapsed.TotalSeconds, Percentile(latencies.Milliseconds, 0.50), Percentile(latencies.Milliseconds, 0.99), total);
        }
        finally
        {
            http?.Dispose();
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    /// <summary><paramref name="clients"/> workers submit items [start, start + count) as fast as answers come back.</summary>
    private static async Task<(TimeSpan Elapsed, double[] Milliseconds)> DriveAsync(Func<int, Task> submit, int start, int count, int clients)
    {
        var latencies = new double[count];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await submit(start + i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        return (stopwatch.Elapsed, latencies);
    }

    private static (string Json, Submission Submission) Body(Instrument instrument, int seed)
    {
        var random = new Random(seed);
        var answers = instrument.Items.Where(_ => random.Next(20) != 0).ToDictionary(item => item.Id, _ => random.Next(1, 6));
        var openText = new Dictionary<string, string> { ["strengths"] = "Common planning time on Wednesdays and a design team that listens to teachers and families." };
        var id = Guid.NewGuid().ToString();
        var json = System.Text.Json.JsonSerializer.Serialize(new { submissionId = id, instrument = instrument.Id, version = instrument.Version, language = "en", answers, openText });
        var submission = new Submission(id, "", "bench-network", $"school-{seed % 12:00}", instrument.Id, instrument.Version, "en", default, answers, openText);
        return (json, submission);
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Report(List<PhaseResult> rows, int count, int warmup, bool sharedAzurite)
    {
        var text = new StringBuilder();
        var where = sharedAzurite
            ? "on the Azurite given"
            : string.Create(CultureInfo.InvariantCulture, $"each phase on a fresh in-memory Azurite (it held {count + warmup} blobs at the end)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {count} submissions per phase after {warmup} warm-up, {where}.");
        text.AppendLine();
        if (rows.Select(r => r.Mode).Distinct().Count() < 2)
        {
            // One side only (--modes): its own figures, nothing to compare with.
            text.AppendLine("| mode | clients | submissions/s | p50 ms | p99 ms |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Mode} | {row.Clients} | {row.PerSecond:F0} | {row.P50:F1} | {row.P99:F1} |");
            }

            return text.ToString();
        }

        text.AppendLine("| clients | baseline/s | app/s | app / baseline | baseline p50 ms | app p50 ms | baseline p99 ms | app p99 ms | app p99 / baseline p99 |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Clients))
        {
            var baseline = group.Single(r => r.Mode == "baseline");
            var app = group.Single(r => r.Mode == "app");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key} | {baseline.PerSecond:F0} | {app.PerSecond:F0} | {app.PerSecond / baseline.PerSecond:P0} | {baseline.P50:F1} | {app.P50:F1} | {baseline.P99:F1} | {app.P99:F1} | {app.P99 / baseline.P99:F2}x |");
        }

        return text.ToString();
    }

    private sealed record PhaseResult(string Mode, int Clients, double PerSecond, double P50, double P99, int BlobsAtEnd);
}
