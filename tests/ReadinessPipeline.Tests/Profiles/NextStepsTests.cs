using CsCheck;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>Next steps follow the band and the order of the framework's practices, and rotate so every practice is offered.</summary>
public class NextStepsTests
{
    private static readonly Framework Framework = ProfileData.Catalog.Framework("cce-essential");

    [Fact]
    public void Every_practice_fits_some_band_and_has_an_owner_a_first_step_and_evidence_in_English_and_Spanish()
    {
        var practices = Framework.Practices.Values.SelectMany(p => p).ToList();

        Assert.Equal(40, practices.Count);
        Assert.All(practices, p => Assert.NotEmpty(p.Bands));
        Assert.All(practices, p => Assert.True(p.Owner is { } o && o.Has("es") && p.FirstStep is { } f && f.Has("es") && p.Evidence is { } e && e.Has("es"), p.Id));
    }

    [Fact]
    public void Over_the_rounds_every_practice_that_fits_a_band_is_offered()
    {
        foreach (var (dimension, practices) in Framework.Practices)
        {
            foreach (var band in Framework.Bands.Select(b => b.Id))
            {
                var fitting = practices.Where(p => p.Fits(band)).Select(p => p.Id).ToHashSet();
                foreach (var count in new[] { 2, 3 })
                {
                    var offered = Enumerable.Range(0, practices.Count).SelectMany(r => NextSteps.For(Framework, dimension, band, count, r)).Select(p => p.Id).ToHashSet();
                    Assert.True(fitting.SetEquals(offered), $"{dimension} {band} x{count}: offered {string.Join(", ", offered)}");
                }
            }
        }
    }

    [Fact]
    public void An_offer_fits_its_band_and_never_skips_an_earlier_practice_of_the_same_band()
    {
        var dimensions = Framework.Practices.Keys.ToArray();
        var bands = Framework.Bands.Select(b => b.Id).ToArray();
        Gen.Select(Gen.OneOfConst(dimensions), Gen.OneOfConst(bands), Gen.Int[1, 4], Gen.Int[0, 1_000_000]).Sample((dimension, band, count, rotation) =>
        {
            var offer = NextSteps.For(Framework, dimension, band, count, rotation);
            var ids = offer.Select(p => p.Id).ToList();

            Assert.InRange(offer.Count, 1, count);
            Assert.All(offer, p => Assert.True(p.Fits(band), $"{p.Id} does not fit {band}"));
            foreach (var (practice, index) in offer.Select((p, i) => (p, i)))
            {
                var earlierFitting = practice.After.Where(id => Framework.Practices[dimension].Single(p => p.Id == id).Fits(band));
                Assert.All(earlierFitting, id => Assert.InRange(ids.IndexOf(id), 0, index - 1));
            }
        });
    }

    [Fact]
    public void A_Beginning_school_is_never_told_to_redesign_grading()
    {
        var offered = Enumerable.Range(0, 10).SelectMany(r => NextSteps.For(Framework, "competency", "beginning", 3, r)).Select(p => p.Id).Distinct().Order();

        Assert.Equal(["broad-competencies", "multiple-attempts"], offered);
    }

    [Fact]
    public void The_offer_moves_on_one_place_each_round()
    {
        // Developing professional learning: school visits, full-faculty PD (after common planning time, which does not
        // fit Developing) and summer planning, in that order; two at a time.
        Assert.Equal(["school-visits", "full-faculty-pd"], NextSteps.For(Framework, "professional-learning", "developing", 2, 0).Select(p => p.Id));
        Assert.Equal(["full-faculty-pd", "summer-planning"], NextSteps.For(Framework, "professional-learning", "developing", 2, 1).Select(p => p.Id));
        Assert.Equal(["school-visits", "summer-planning"], NextSteps.For(Framework, "professional-learning", "developing", 2, 2).Select(p => p.Id));
    }

    [Fact]
    public void A_practice_brings_its_earlier_practice_in_first()
    {
        // Developing leadership: critical inquiry and shared vision (both after the design team, which does not fit
        // Developing), then the whole-school plan (after the shared vision). A window starting at the plan offers the
        // shared vision first, then the plan.
        Assert.Equal(["shared-vision", "whole-school-plan"], NextSteps.For(Framework, "leadership", "developing", 2, 2).Select(p => p.Id));

        // Emerging authentic learning: project-based units, culturally relevant projects, then panels (after the
        // units). A window starting at the culturally relevant projects reaches the panels but has room only for the
        // units they need first.
        Assert.Equal(["project-based-units", "culturally-relevant-projects"], NextSteps.For(Framework, "authentic", "emerging", 2, 1).Select(p => p.Id));
        Assert.Equal(["project-based-units", "performance-assessment-panels"], NextSteps.For(Framework, "authentic", "emerging", 2, 2).Select(p => p.Id));
    }
}
