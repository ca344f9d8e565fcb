namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>Tests that swap Console.Out and Console.Error, which are process-wide, so they run alone.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Tests that count the pipeline's process-wide metrics, so no other test may add to them meanwhile.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
