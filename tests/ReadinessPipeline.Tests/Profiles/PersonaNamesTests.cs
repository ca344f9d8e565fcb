using CsCheck;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>Personas are named from practice and readiness together; a group with high desire to change is never "skeptical".</summary>
public class PersonaNamesTests
{
    private static readonly string[] Features = ["practice", "desire-to-change", "capacity", "shared-vision"];

    [Theory]
    [InlineData(4.1, 4.3, 3.8, "champions")]
    [InlineData(2.0, 4.2, 2.4, "eager-unsupported")]
    [InlineData(4.2, 4.0, 2.9, "eager-unsupported")]
    [InlineData(2.0, 4.0, 3.5, "eager")]
    [InlineData(4.0, 2.0, 3.0, "comfortable")]
    [InlineData(3.3, 3.4, 3.0, "comfortable")]
    [InlineData(2.8, 3.0, 3.0, "undecided")]
    [InlineData(2.0, 2.49, 3.0, "skeptical")]
    [InlineData(2.0, 2.5, 1.0, "undecided")]
    public void A_persona_is_named_from_practice_desire_and_capacity(double practice, double desire, double capacity, string kind)
    {
        Assert.Equal(kind, PersonaNames.Kind(Features, [practice, desire, capacity, 3.0]));
    }

    [Fact]
    public void Without_a_capacity_scale_nobody_is_eager_but_unsupported()
    {
        Assert.Equal("eager", PersonaNames.Kind(["practice", "desire-to-change"], [2.0, 4.5]));
    }

    [Fact]
    public void No_group_with_high_desire_to_change_is_ever_named_skeptical_in_any_language()
    {
        var centroid = Gen.Select(Gen.Double[1, 5], Gen.Double[PersonaNames.HighDesire, 5], Gen.Double[1, 5], Gen.Double[1, 5], (p, d, c, v) => (IReadOnlyList<double>)[p, d, c, v]);
        centroid.Array[1, 6].Sample(centroids =>
        {
            Assert.All(centroids, c => Assert.NotEqual("skeptical", PersonaNames.Kind(Features, c)));
            Assert.All(PersonaNames.NameAll(Features, centroids, ReportText.Default, "en"), name => Assert.DoesNotContain("Skeptic", name, StringComparison.Ordinal));
            Assert.All(PersonaNames.NameAll(Features, centroids, ReportText.Default, "es"), name => Assert.DoesNotContain("Escéptic", name, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Only_a_group_with_low_desire_to_change_can_be_named_skeptical()
    {
        Gen.Select(Gen.Double[1, 5], Gen.Double[1, 5], Gen.Double[1, 5], Gen.Double[1, 5]).Sample((practice, desire, capacity, vision) =>
        {
            var kind = PersonaNames.Kind(Features, [practice, desire, capacity, vision]);
            Assert.True(kind != "skeptical" || (desire < PersonaNames.LowDesire && practice < PersonaNames.PracticeInPlace), $"{kind} at desire {desire}, practice {practice}");
        });
    }

    [Fact]
    public void Two_personas_of_one_kind_are_told_apart_by_their_means()
    {
        var names = PersonaNames.NameAll(Features, [[2.0, 2.0, 3.0, 3.0], [2.2, 1.5, 2.0, 2.0], [4.0, 4.5, 4.0, 4.0]], ReportText.Default, "en");

        Assert.Equal(["Skeptical (practice 2.0, desire 2.0)", "Skeptical (practice 2.2, desire 1.5)", "Champions"], names);
    }
}
