using BenchmarkDotNet.Running;
using ReadinessPipeline.Benchmarks.Ingest;

// ingest: HTTP load against the app and the raw-SDK baseline (custom driver; BenchmarkDotNet is not a load tool).
// anything else: BenchmarkDotNet benchmarks (for example: scoring --filter *Scoring*).
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
