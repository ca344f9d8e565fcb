using BenchmarkDotNet.Running;
using ReadinessPipeline.Benchmarks.Clustering;
using ReadinessPipeline.Benchmarks.Ingest;
using ReadinessPipeline.Benchmarks.Profiles;

// ingest: HTTP load against the app and the raw-SDK baseline (custom driver; BenchmarkDotNet is not a load tool).
// profiles: round close (BuildProfiles) on a seeded Azurite; profiles-build is its child process (fresh memory peak).
// statewide: the profile engine at 1,800 schools (statewide-engine is its child process), the Scores read rate and the completion rewrite.
// cluster-quality: the clustering engine's optimum next to a reference implementation (a measurement, not a timing).
// cluster-compare: `readiness cluster` as a whole process next to scikit-learn on the same file.
// anything else: BenchmarkDotNet benchmarks (for example: scoring --filter *Scoring*).
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "profiles")
{
    return await ProfileBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "profiles-build")
{
    return await ProfileBenchmark.BuildAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "statewide")
{
    return await StatewideBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "statewide-engine")
{
    return await StatewideBenchmark.EngineAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cluster-compare")
{
    return await ClusterCompare.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cluster-quality")
{
    return ClusterQuality.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
