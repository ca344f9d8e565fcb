namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>Tests that swap Console.Out and Console.Error, which are process-wide, so they run alone.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
