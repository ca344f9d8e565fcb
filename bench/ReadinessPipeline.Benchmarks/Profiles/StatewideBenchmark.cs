using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Surveys.Templates;
using ReadinessPipeline.Testing;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>One timed step of the engine run, with the largest managed heap sampled during it.</summary>
public sealed record EngineStep(string Step, TimeSpan Elapsed, string Detail, long PeakManagedHeap = 0);

/// <summary>What the engine child process reports back.</summary>
public sealed record EngineRun(int Schools, int Staff, long Students, long Responses, MemoryReport Memory, List<EngineStep> Steps, TimeSpan GenerationOnly, List<EngineStep> PerSchool);

/// <summary>The completion rewrite after the close (RestampCompletions) over every school's completion rows.</summary>
public sealed record CompletionRewrite(int Schools, int Rows, TimeSpan Seed, int Rewritten, TimeSpan Elapsed);

/// <summary>One step of the read-rate measurement: the schools seeded so far, read one at a time and as the close reads them.</summary>
public sealed record ReadRate(int Schools, int Rows, TimeSpan SeedStep, int SeededInStep, TimeSpan OneByOne, TimeSpan Parallel);

/// <summary>
/// Statewide scale: 1,800 schools, 1,000,000 students and 60 staff per school (1,108,000 responses). Seeding that
/// many rows into Azurite is not possible in one run (its cost per row grows with the partition, see the results), so
/// this measures the two halves apart. (a) The engine at full scale, in a fresh process per size: synthetic responses
/// streamed through <see cref="RoundAggregator"/>, school profiles and staff personas, and every report file rendered
/// exactly as RoundProfiler does (<see cref="ProfileEngine"/>, <see cref="RoundProfiler.Parallelism"/> schools at
/// once), with the files counted and dropped instead of stored; run at two student counts to show memory does not
/// grow with students. (b) The storage read rate of the close's per-school partition reads on a fresh Azurite, seeded
/// in steps of whole schools, for an honest extrapolation to 1,108,000 rows. (c) The rewrite of the completion rows
/// after the close (<see cref="CompletionStore.RestampAsync(RoundKey, CancellationToken)"/>)
/// over one completion per staff member of every school, on a fresh Azurite.
/// </summary>
public static class StatewideBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var schools = Arguments.Int(args, "--schools", 1800);
        var staff = Arguments.Int(args, "--staff", 60);
        var students = (Arguments.String(args, "--students") ?? "250000,1000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var readSteps = (Arguments.String(args, "--read-schools") ?? "100,200,400").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var output = Arguments.String(args, "--out");

        var engine = new List<EngineRun>();
        if (!args.Contains("--no-engine"))
        {
            foreach (var count in students)
            {
                Console.Error.WriteLine($"Engine: {schools} schools, {staff} staff each, {count:N0} students, in a fresh process...");
                engine.Add(await ProfileBenchmark.RunChildAsync<EngineRun>(["statewide-engine", "--schools", $"{schools}", "--staff", $"{staff}", "--students", $"{count}"]));
                Console.Error.WriteLine($"  {engine[^1].Memory.Elapsed.TotalSeconds:F1} s, peak working set {ProfileBenchmark.Mb(engine[^1].Memory.PeakWorkingSet)}");
            }
        }

        var storage = !args.Contains("--no-storage");
        var reads = storage && !args.Contains("--no-reads") ? await MeasureReadsAsync(schools, staff, students.Max(), readSteps) : [];
        var rewrite = storage ? await MeasureCompletionRewriteAsync(schools, staff) : null;
        var report = Report(args, engine, reads, rewrite, schools, staff, students.Max());
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        return 0;
    }

    /// <summary>The child: the engine over a streamed synthetic round, measured as a whole and step by step.</summary>
    public static async Task<int> EngineAsync(string[] args)
    {
        var catalog = Catalog.LoadDefault();
        var round = new SyntheticRound(catalog, Arguments.Int(args, "--schools", 1800), Arguments.Int(args, "--staff", 60), Arguments.Long(args, "--students", 1_000_000));
        var plans = new ScoringPlans();
        var renderer = new ReportRenderer(TemplateLibrary.LoadDefault());
        var instruments = new List<Instrument> { round.Staff, round.Younger, round.Older };
        var floors = PrivacyFloors.Default;

        // Warm the renderer and the chart fonts on a toy round first, so the steps measure work rather than start-up.
        await WarmUpAsync(catalog, renderer);

        var steps = new List<EngineStep>();
        var (_, memory) = await MemoryProbe.MeasureAsync(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            var aggregator = new RoundAggregator(catalog.Find, plans);
            foreach (var response in round.AllResponses())
            {
                aggregator.Add(response.ToStored());
            }

            var current = aggregator.Result();
            var elapsed = stopwatch.Elapsed;

            // What the pass keeps: a full collection leaves only the live aggregates (this is the number that must not grow with students).
            var live = GC.GetTotalMemory(forceFullCollection: true);
            steps.Add(new EngineStep("generate + aggregate (streaming)", elapsed, $"{current.Responses:N0} responses, {current.Groups.Count:N0} groups, {current.StaffVectors.Count:N0} staff vectors, {current.Comments.Count:N0} comments; live heap after it {ProfileBenchmark.Mb(live)}", MemoryProbe.TakePeak()));
            stopwatch.Restart();
            var profiles = ProfileEngine.ProfileSchools(round.Round, round.Framework, instruments, current, [], floors);
            steps.Add(new EngineStep("school profiles (k = 2..5)", stopwatch.Elapsed, $"{profiles.Assignments.Count:N0} schools profiled; {profiles.Note.In(ReportText.Default, LocalizedText.DefaultLanguage)}", MemoryProbe.TakePeak()));

            stopwatch.Restart();
            var personas = ProfileEngine.Personas(current);
            steps.Add(new EngineStep("staff personas (k = 2..5)", stopwatch.Elapsed, personas.Counts is null ? "not clustered" : $"{personas.Counts.Centroids.Count} personas over {current.StaffVectors.Count:N0} staff", MemoryProbe.TakePeak()));

            stopwatch.Restart();
            var inputs = new ProfileInputs(round.Network, round.Round, round.Framework, instruments, round.Schools, current, null, Status(round, current), profiles.Assignments, profiles.Note, personas.Counts, floors);
            long files = 0, bytes = 0;
            void Count(IReadOnlyList<ReportFile> written)
            {
                Interlocked.Add(ref files, written.Count);
                Interlocked.Add(ref bytes, written.Sum(f => (long)f.Content.ToMemory().Length));
            }

            var summaryWatch = Stopwatch.StartNew();
            var summary = Task.Run(async () =>
            {
                Count(await ProfileEngine.NetworkFilesAsync(inputs, renderer));
                return summaryWatch.Elapsed;
            });
            await Parallel.ForEachAsync(round.Schools, new ParallelOptions { MaxDegreeOfParallelism = RoundProfiler.Parallelism }, async (school, _) =>
                Count(await ProfileEngine.SchoolFilesAsync(inputs, school, renderer)));
            var summaryTime = await summary;
            steps.Add(new EngineStep("report files, every school and the network", stopwatch.Elapsed, $"{files:N0} files, {bytes / 1024.0 / 1024.0:N0} MB (network summary alone {summaryTime.TotalSeconds:F1} s, alongside the schools)", MemoryProbe.TakePeak()));
            return 0;
        });

        // What generating the synthetic responses costs by itself, to read the aggregation step net of it.
        var generation = Stopwatch.StartNew();
        long generated = 0;
        foreach (var response in round.AllResponses())
        {
            generated += response.Answers.Length;
        }

        var generationOnly = generation.Elapsed;

        var perSchool = await PerSchoolAsync(round, catalog, plans, renderer, instruments, floors);
        Console.WriteLine(JsonSerializer.Serialize(new EngineRun(round.Schools.Count, round.StaffPerSchool, round.Students, round.Responses, memory, steps, generationOnly, perSchool)));
        return generated > 0 ? 0 : 1;
    }

    /// <summary>Where one school's report time goes, on one thread, over the first 40 schools of a small round: its files as a whole, then their parts one at a time.</summary>
    private static async Task<List<EngineStep>> PerSchoolAsync(SyntheticRound statewide, Catalog catalog, ScoringPlans plans, ReportRenderer renderer, List<Instrument> instruments, PrivacyFloors floors)
    {
        var round = new SyntheticRound(catalog, 40, statewide.StaffPerSchool, 40L * 600);
        var aggregator = new RoundAggregator(catalog.Find, plans);
        foreach (var response in round.AllResponses())
        {
            aggregator.Add(response.ToStored());
        }

        var current = aggregator.Result();
        var profiles = ProfileEngine.ProfileSchools(round.Round, round.Framework, instruments, current, [], floors);
        var personas = ProfileEngine.Personas(current);
        var inputs = new ProfileInputs(round.Network, round.Round, round.Framework, instruments, round.Schools, current, null, Status(round, current), profiles.Assignments, profiles.Note, personas.Counts, floors);
        // Warm first, so the table measures work rather than start-up.
        await ProfileEngine.SchoolFilesAsync(inputs, round.Schools[0], renderer);
        var times = new double[4];
        foreach (var school in round.Schools)
        {
            var started = Stopwatch.GetTimestamp();
            await ProfileEngine.SchoolFilesAsync(inputs, school, renderer);
            times[0] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            foreach (var language in ReportText.Default.Languages)
            {
                started = Stopwatch.GetTimestamp();
                var report = ProfileBuilder.School(inputs, school, language);
                times[1] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (language == report.School.ReportLanguage)
                {
                    started = Stopwatch.GetTimestamp();
                    ReportCharts.Radar(report, round.Framework);
                    times[2] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                started = Stopwatch.GetTimestamp();
                ReportCharts.RadarSvg(report, round.Framework, ReportText.Default, "radar");
                foreach (var (section, i) in report.ItemResults.Select((section, i) => (section, i)))
                {
                    ReportCharts.ItemsSvg(section, language, ReportText.Default, "items", $"items{i + 1}");
                }

                times[3] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        var languages = ReportText.Default.Languages.Count;
        string[] names =
        [
            $"all of a school's files ({languages} languages: ProfileEngine.SchoolFilesAsync)",
            $"of which: the suppressed reports ({languages} x ProfileBuilder.School)",
            "of which: the radar chart as PNG, for the email (1)",
            $"of which: the pages' charts as SVG ({languages} x a radar chart and an item chart per instrument)",
        ];
        return [.. names.Select((name, i) => new EngineStep(name, TimeSpan.FromMilliseconds(times[i] / round.Schools.Count), ""))];
    }

    /// <summary>The response rates RoundStatusReader would give: staff invited and answered, students against expected enrolment on one form.</summary>
    private static RoundStatus Status(SyntheticRound round, RoundAggregates current)
    {
        var rows = new List<InstrumentProgress>();
        foreach (var school in round.Schools.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var applicable = Audiences.InstrumentsFor(round.Round, school, round.Catalog).ToList();
            var forms = applicable.Count(p => p.Instrument.Audience == Audience.Student);
            foreach (var (asked, instrument) in applicable)
            {
                var responded = current.Find(school.Id, instrument.Id)?.Respondents ?? 0;
                rows.Add(asked.Mode == ResponseMode.Confidential
                    ? new InstrumentProgress(school.Id, school.Name, instrument.Id, asked.Mode, round.InvitedStaff, responded)
                    : new InstrumentProgress(school.Id, school.Name, instrument.Id, asked.Mode, forms == 1 ? school.ExpectedStudents : null, responded));
            }
        }

        var totals = rows.GroupBy(r => (r.InstrumentId, r.Mode))
            .Select(g => new InstrumentProgress("network", "All schools", g.Key.InstrumentId, g.Key.Mode, g.All(r => r.Invited is not null) ? g.Sum(r => r.Invited) : null, g.Sum(r => r.Responded)))
            .ToList();
        return new RoundStatus(round.Round, rows, totals);
    }

    private static async Task WarmUpAsync(Catalog catalog, ReportRenderer renderer)
    {
        var round = new SyntheticRound(catalog, 4, 12, 4 * 40);
        var aggregator = new RoundAggregator(catalog.Find, new ScoringPlans());
        foreach (var response in round.AllResponses())
        {
            aggregator.Add(response.ToStored());
        }

        var current = aggregator.Result();
        var instruments = new List<Instrument> { round.Staff, round.Younger, round.Older };
        var profiles = ProfileEngine.ProfileSchools(round.Round, round.Framework, instruments, current, [], PrivacyFloors.Default);
        var personas = ProfileEngine.Personas(current);
        var inputs = new ProfileInputs(round.Network, round.Round, round.Framework, instruments, round.Schools, current, null, null, profiles.Assignments, profiles.Note, personas.Counts, PrivacyFloors.Default);
        await ProfileEngine.SchoolFilesAsync(inputs, round.Schools[0], renderer);
        await ProfileEngine.NetworkFilesAsync(inputs, renderer);
    }

    /// <summary>
    /// Seeds whole schools of the statewide round (all of a school's score rows, in its own partition, as the product
    /// stores them) into a fresh Azurite in steps and, after each step, reads every seeded school back the way the
    /// round close does: <see cref="ScoreStore.ReadSchoolAsync"/> per school partition, one school at a time (the rate
    /// of one partition) and <see cref="RoundProfiler.ReadParallelism"/> schools at a time (the close's rate).
    /// </summary>
    private static async Task<List<ReadRate>> MeasureReadsAsync(int schools, int staff, long students, int[] steps)
    {
        var catalog = Catalog.LoadDefault();
        var round = new SyntheticRound(catalog, schools, staff, students);
        using var bench = await BenchStorage.OpenAsync(null, RoundSeeder.Retry);
        var storage = bench.Account;
        var seeder = new RoundSeeder(storage, round, new ScoringPlans());
        var scores = new ScoreStore(storage);

        var results = new List<ReadRate>();
        var seeded = 0;
        var rows = 0;
        foreach (var step in steps.Order().Where(s => s <= schools))
        {
            var batch = Enumerable.Range(seeded, step - seeded).SelectMany(round.SchoolResponses).ToList();
            Console.Error.WriteLine($"Storage: seeding schools {seeded + 1:N0}..{step:N0} ({batch.Count:N0} score rows)...");
            var seedTime = await seeder.SeedScoreRowsAsync(batch, CancellationToken.None);
            (seeded, rows) = (step, rows + batch.Count);

            Console.Error.WriteLine($"Storage: reading {rows:N0} rows of {seeded:N0} schools, one school at a time, then {RoundProfiler.ReadParallelism} at a time...");
            var ids = round.Schools.Take(seeded).Select(s => s.Id).ToList();
            var (oneByOne, read1) = await ReadSchoolsAsync(scores, round.Round.Key, ids, 1);
            var (parallel, read2) = await ReadSchoolsAsync(scores, round.Round.Key, ids, RoundProfiler.ReadParallelism);
            if (read1 != rows || read2 != rows)
            {
                throw new InvalidOperationException($"Read {read1} and {read2} rows back, {rows} were written.");
            }

            results.Add(new ReadRate(seeded, rows, seedTime, batch.Count, oneByOne, parallel));
            Console.Error.WriteLine($"  one at a time {oneByOne.TotalSeconds:F1} s ({rows / oneByOne.TotalSeconds:N0} rows/s), {RoundProfiler.ReadParallelism} at a time {parallel.TotalSeconds:F1} s ({rows / parallel.TotalSeconds:N0} rows/s)");
        }

        return results;
    }

    /// <summary>
    /// Seeds one completion row per staff member of every school (the statewide round's confidential staff survey) on a
    /// fresh Azurite, through the store's own keys, then times the rewrite RestampCompletions makes after the close.
    /// </summary>
    private static async Task<CompletionRewrite> MeasureCompletionRewriteAsync(int schools, int staff)
    {
        var round = new SyntheticRound(Catalog.LoadDefault(), schools, staff, 0);
        using var bench = await BenchStorage.OpenAsync(null, RoundSeeder.Retry);
        var storage = bench.Account;
        Console.Error.WriteLine($"Storage: seeding {schools * staff:N0} completion rows ({schools:N0} schools x {staff})...");
        var seed = Stopwatch.StartNew();
        var rows = await new RoundSeeder(storage, round, new ScoringPlans()).SeedCompletionsAsync(CancellationToken.None);
        seed.Stop();

        Console.Error.WriteLine("Storage: rewriting them as RestampCompletions does...");
        var completions = new CompletionStore(storage);
        var rewrite = Stopwatch.StartNew();
        var rewritten = await completions.RestampAsync(round.Round.Key, CancellationToken.None);
        rewrite.Stop();
        if (rewritten != rows)
        {
            throw new InvalidOperationException($"Rewrote {rewritten} completion rows, {rows} were written.");
        }

        Console.Error.WriteLine($"  {rewritten:N0} rows in {rewrite.Elapsed.TotalSeconds:F1} s ({rewritten / rewrite.Elapsed.TotalSeconds:N0} rows/s)");
        return new CompletionRewrite(schools, rows, seed.Elapsed, rewritten, rewrite.Elapsed);
    }

    /// <summary>Reads every row of the given schools' partitions, <paramref name="parallelism"/> schools at a time: elapsed time and rows read.</summary>
    private static async Task<(TimeSpan Elapsed, int Rows)> ReadSchoolsAsync(ScoreStore scores, RoundKey round, List<string> schools, int parallelism)
    {
        var read = 0;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(schools, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (school, ct) =>
        {
            var count = 0;
            await foreach (var response in scores.ReadSchoolAsync(round, school, ct))
            {
                count += response.Answers.Length > 0 ? 1 : 0;
            }

            Interlocked.Add(ref read, count);
        });
        return (stopwatch.Elapsed, read);
    }

    private static string Report(string[] args, List<EngineRun> engine, List<ReadRate> reads, CompletionRewrite? rewrite, int schools, int staff, long students)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{string.Join(' ', ["./bench.sh", "statewide", .. args])}`");
        if (engine.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("(a) Engine, in-process, no storage: each size in a fresh process.");
            text.AppendLine();
            text.AppendLine("| schools | staff | students | responses | wall time | GC allocated | peak working set (at start) | peak managed heap | GCs (0/1/2) | load before / after |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var run in engine)
            {
                var m = run.Memory;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {run.Schools:N0} | {run.Schools * run.Staff:N0} | {run.Students:N0} | {run.Responses:N0} | **{m.Elapsed.TotalSeconds:F1} s** | {ProfileBenchmark.Mb(m.AllocatedBytes)} | {ProfileBenchmark.Mb(m.PeakWorkingSet)} ({ProfileBenchmark.Mb(m.StartWorkingSet)}) | {ProfileBenchmark.Mb(m.PeakManagedHeap)} | {m.Gen0}/{m.Gen1}/{m.Gen2} | {m.Load} |");
            }

            foreach (var run in engine)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"Steps with {run.Students:N0} students (generating the synthetic responses alone: {run.GenerationOnly.TotalSeconds:F1} s, part of the first step):");
                text.AppendLine();
                text.AppendLine("| step | time | peak managed heap | what |");
                text.AppendLine("|---|---:|---:|---|");
                foreach (var step in run.Steps)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {step.Step} | {step.Elapsed.TotalSeconds:F1} s | {ProfileBenchmark.Mb(step.PeakManagedHeap)} | {step.Detail} |");
                }
            }

            text.AppendLine();
            text.AppendLine("One school's report files on one thread, as a whole and then their parts timed apart (mean over the 40 schools of a small round):");
            text.AppendLine();
            text.AppendLine("| step | ms per school |");
            text.AppendLine("|---|---:|");
            foreach (var step in engine[^1].PerSchool)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {step.Step} | {step.Elapsed.TotalMilliseconds:F1} |");
            }
        }

        if (reads.Count > 0)
        {
            var total = (schools * (long)staff) + students;
            var best = reads.Max(r => r.Rows / r.Parallel.TotalSeconds);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"(b) Storage: every seeded school's score rows read back as the close reads them (ScoreStore.ReadSchoolAsync, one partition per school, pages of 1,000) on a fresh in-memory Azurite, whole schools seeded in steps (batches of 100, {RoundSeeder.TableParallelism} in flight).");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| schools (partitions) | score rows | seeding this step | one school at a time | rate | {RoundProfiler.ReadParallelism} schools at a time | rate |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in reads)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Schools:N0} | {r.Rows:N0} | {r.SeedStep.TotalSeconds:F0} s for {r.SeededInStep:N0} ({r.SeededInStep / r.SeedStep.TotalSeconds:N0}/s) | {r.OneByOne.TotalSeconds:F1} s | {r.Rows / r.OneByOne.TotalSeconds:N0}/s | **{r.Parallel.TotalSeconds:F1} s** | {r.Rows / r.Parallel.TotalSeconds:N0}/s |");
            }

            text.AppendLine();
            var last = reads[^1].Rows / reads[^1].Parallel.TotalSeconds;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Extrapolations, not measurements: the statewide round's {total:N0} rows would take {total / best:F0} s at the best rate measured ({best:N0} rows/s) and {total / last:F0} s at the last step's ({last:N0} rows/s); the rate per step shows whether it holds as partitions are added.");
        }

        if (rewrite is { } c)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"(c) Storage: the completion rewrite after the close (CompletionStore.RestampAsync: one scan of the round's school partitions for the row keys, each school's rows then rewritten in transactions of 100, {CompletionStore.Parallelism} schools at a time) on a fresh in-memory Azurite.");
            text.AppendLine();
            text.AppendLine("| schools (partitions) | completion rows | seeding | rewrite | rate | requests |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            var requests = (int)Math.Ceiling(c.Rows / 1000.0) + (c.Schools * (int)Math.Ceiling(c.Rows / (double)c.Schools / 100));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Schools:N0} | {c.Rows:N0} | {c.Seed.TotalSeconds:F1} s | **{c.Elapsed.TotalSeconds:F1} s** | {c.Rewritten / c.Elapsed.TotalSeconds:N0} rows/s | {requests:N0} |");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Azure estimate, not a measurement: {c.Rows:N0} rows read and {c.Rows:N0} written is {2 * c.Rows:N0} entity operations; with the writes spread over {c.Schools:N0} partitions, the account's 20,000 a second bounds them, about {2.0 * c.Rows / 20_000:F0} s (in one partition per round, at 2,000 a second, it was about {2.0 * c.Rows / 2_000:F0} s); the scan's {Math.Ceiling(c.Rows / 1000.0):F0} pages run alongside the writes.");
        }

        return text.ToString();
    }
}
