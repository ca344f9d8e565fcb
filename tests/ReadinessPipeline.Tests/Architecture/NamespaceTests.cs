using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Privacy;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace ReadinessPipeline.Tests.Architecture;

/// <summary>The engine's folders depend on each other one way only, checked on the built assembly.</summary>
public class NamespaceTests
{
    private static readonly System.Reflection.Assembly Engine = typeof(Catalog).Assembly;
    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Built = new(() => new ArchLoader().LoadAssemblies(Engine).Build());

    [Fact]
    public void The_engine_folders_have_no_dependency_cycles() =>
        Slices().Matching("ReadinessPipeline.Surveys.(*)").Should().BeFreeOfCycles().Check(Built.Value);

    [Fact]
    public void Privacy_floors_live_with_privacy() =>
        Assert.Equal("ReadinessPipeline.Surveys.Privacy", typeof(PrivacyFloors).Namespace);
}
