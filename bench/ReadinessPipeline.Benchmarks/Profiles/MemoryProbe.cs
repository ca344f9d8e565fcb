using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>What one measured call cost in time and memory.</summary>
public sealed record MemoryReport(DateTime StartedUtc, TimeSpan Elapsed, long AllocatedBytes, long StartWorkingSet, long PeakWorkingSet, long PeakManagedHeap, int Gen0, int Gen1, int Gen2, double LoadBefore, double LoadAfter)
{
    /// <summary>The machine's 1-minute load average before and after, for telling a quiet run from a busy one (2 cores).</summary>
    public string Load => $"{LoadBefore:F1} / {LoadAfter:F1}";
}

/// <summary>
/// Measures one call: wall time, bytes allocated on the GC heap during it, the process's peak working set during it,
/// and the largest managed heap seen (sampled every 20 ms). The working set peak is the kernel's high-water mark
/// (VmHWM, what Process.PeakWorkingSet64 reads on Linux) after resetting it to the current size through
/// /proc/self/clear_refs, so it covers the call and not what the process did before.
/// </summary>
public static partial class MemoryProbe
{
    private static long _peakSinceMark;

    /// <summary>The largest managed heap sampled since the last call (or the start of the measurement), for the steps of one measured call.</summary>
    public static long TakePeak() => Interlocked.Exchange(ref _peakSinceMark, GC.GetTotalMemory(forceFullCollection: false));

    public static async Task<(T Result, MemoryReport Report)> MeasureAsync<T>(Func<Task<T>> call)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var startWorkingSet = CurrentWorkingSet();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var peakHeap = GC.GetTotalMemory(forceFullCollection: false);
        Interlocked.Exchange(ref _peakSinceMark, peakHeap);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: false);
                peakHeap = Math.Max(peakHeap, heap);
                long seen;
                while ((seen = Volatile.Read(ref _peakSinceMark)) < heap && Interlocked.CompareExchange(ref _peakSinceMark, heap, seen) != seen)
                {
                }

                await Task.Delay(20, CancellationToken.None);
            }
        });

        var loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var result = await call();
        var elapsed = stopwatch.Elapsed;
        stop.Cancel();
        await sampler;
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        using var process = Process.GetCurrentProcess();
        return (result, new MemoryReport(
            started,
            elapsed,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            startWorkingSet,
            process.PeakWorkingSet64,
            peakHeap,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            loadBefore,
            LoadAverage()));
    }

    /// <summary>Resets the kernel's peak resident set size of this process to its current size (Linux 4.0 and later).</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the peak then covers the process's whole life, which only overstates it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The 1-minute load average (Linux); 0 where there is none.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static long CurrentWorkingSet()
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllText("/proc/self/status") : "";
        return VmRss().Match(status) is { Success: true } match ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1024 : Environment.WorkingSet;
    }

    [GeneratedRegex(@"VmRSS:\s+(\d+) kB")]
    private static partial Regex VmRss();
}
