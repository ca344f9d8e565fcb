namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>One phase of BuildAsync: its wall time, and the storage requests made in it (count, summed duration).</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Wall, int Calls, TimeSpan StorageTime, string Requests);

/// <summary>
/// Splits a BuildAsync run into its phases from the storage requests it made. RoundProfiler does its steps in a fixed
/// order (what it reads alongside the score rows is counted in their phase), and each step is recognised by what it
/// reads or writes (clustering writes its model and input files right
/// after fitting, so the fit's CPU time lands in that phase). A phase runs from the end of the previous phase's last
/// request to the end of its own last request; the work after the last request is the last row.
/// </summary>
public static class BuildPhases
{
    private static readonly (string Name, Func<string, bool> Matches)[] Phases =
    [
        ("scoring queues' depth; read round, network, schools", k => k is "GET score-submission" or "GET score-submission-poison" or "GET Rounds(key)" or "GET Networks(key)" or "GET Schools?*"),
        ("read and aggregate score rows (and, when the scoring queues are not empty, list blobs and score the unscored); alongside: earlier rounds, and the response rates' round, schools, delivery ledger and completions",
            k => k is "LIST submissions" or "GET submissions" or "PUT Scores(key)" or "GET Rounds?*" or "GET reports" or "GET Rounds(key)" or "GET Schools?*" or "GET Completions?RowKey"
                || k.StartsWith("GET Scores?", StringComparison.Ordinal) || k.StartsWith("GET Deliveries", StringComparison.Ordinal)),
        ("school profiles and staff personas: cluster k = 2..5, write models", k => k is "PUT models/schools" or "PUT models/personas"),
        ("build, render and write report files", k => k == "PUT reports"),
        ("queue SendReport, RestampCompletions and SweepSubmissions messages", k => k is "POST send-report" or "POST restamp-completions" or "POST sweep-submissions"),
        ("mark the round Closed", k => k is "GET Rounds(key)" or "PUT Rounds(key)"),
    ];

    public static List<PhaseTiming> Split(DateTime started, TimeSpan elapsed, IReadOnlyList<StorageCall> calls)
    {
        var assigned = new List<(int Phase, StorageCall Call)>();
        var current = 0;
        foreach (var call in calls.OrderBy(c => c.Start))
        {
            var phase = Enumerable.Range(current, Phases.Length - current).FirstOrDefault(p => Phases[p].Matches(call.Kind), -1);
            current = phase < 0 ? current : phase;
            assigned.Add((current, call));
        }

        var timings = new List<PhaseTiming>();
        var from = started;
        foreach (var group in assigned.GroupBy(a => a.Phase).OrderBy(g => g.Key))
        {
            var end = group.Max(a => a.Call.End);
            var requests = string.Join(", ", group.GroupBy(a => a.Call.Kind).Select(k => $"{k.Count()} {k.Key} ({k.Sum(a => a.Call.Duration.TotalMilliseconds):N0} ms)"));
            timings.Add(new PhaseTiming(Phases[group.Key].Name, end - from, group.Count(), TimeSpan.FromTicks(group.Sum(a => a.Call.Duration.Ticks)), requests));
            from = end;
        }

        timings.Add(new PhaseTiming("after the last request", started + elapsed - from, 0, TimeSpan.Zero, ""));
        return timings;
    }
}
