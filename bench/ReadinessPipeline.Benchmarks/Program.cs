using BenchmarkDotNet.Running;
using ReadinessPipeline.Benchmarks.Clustering;
using ReadinessPipeline.Benchmarks.Ingest;

// ingest: HTTP load against the app and the raw-SDK baseline (custom driver; BenchmarkDotNet is not a load tool).
// cluster-quality: the clustering engine's optimum next to a reference implementation (a measurement, not a timing).
// anything else: BenchmarkDotNet benchmarks (for example: scoring --filter *Scoring*).
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cluster-quality")
{
    return ClusterQuality.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
