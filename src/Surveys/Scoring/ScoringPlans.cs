using System.Collections.Concurrent;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Scoring;

/// <summary>Compiled scoring plans, one per instrument version, built on first use.</summary>
public sealed class ScoringPlans
{
    private readonly ConcurrentDictionary<string, ScoringPlan> _plans = new(StringComparer.Ordinal);

    public ScoringPlan For(Instrument instrument) => _plans.GetOrAdd(instrument.Key, _ => new ScoringPlan(instrument));
}
