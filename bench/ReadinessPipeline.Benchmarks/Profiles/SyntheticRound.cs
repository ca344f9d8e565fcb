using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>One synthetic respondent: answers one byte per item in instrument order (0 = skipped), and any comments.</summary>
public sealed record SyntheticResponse(string SubmissionId, string SchoolId, Instrument Instrument, byte[] Answers, Dictionary<string, string> OpenText)
{
    public StoredResponse ToStored() => new(SubmissionId, SchoolId, Instrument.Id, Instrument.Version, Answers) { OpenText = OpenText };

    /// <summary>The submission as the intake would have stored it: answers keyed by item id, skipped items left out.</summary>
    public Submission ToSubmission(string roundId, string networkId, DateOnly receivedOn)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Answers.Length; i++)
        {
            if (Answers[i] != 0)
            {
                answers[Instrument.Items[i].Id] = Answers[i];
            }
        }

        return new Submission(SubmissionId, roundId, networkId, SchoolId, Instrument.Id, Instrument.Version, "en", receivedOn, answers, OpenText);
    }
}

/// <summary>
/// A seeded, realistic round of a network: schools alternate K-8 (both student forms, students split between them)
/// and 6-12 (the 6-12 form only); each school's staff lean towards one of four readiness archetypes and each staff
/// member towards one of three personas, so school profiles and personas have structure to find; students' means
/// follow their school's staff a little. About 3 % of answers are skipped and 2 % of respondents stop two thirds of
/// the way through; some staff write comments. Every school draws from its own seeded generator, so respondents can
/// be streamed school by school without holding any of them, and the same arguments give the same responses.
/// </summary>
public sealed class SyntheticRound
{
    public const string NetworkId = "bench-network";
    public const string RoundId = "bench-round";

    private const int Seed = 20261123;

    // Key of the mean used for items of an instrument's own scales (desire to change, SEL, engagement).
    private const string Scale = "";

    // Readiness archetypes on the ten framework dimensions (five principles, then five systems of support).
    private static readonly double[][] Archetypes =
    [
        [3.9, 3.9, 3.9, 3.9, 3.9, 2.9, 2.9, 2.9, 2.9, 2.9],
        [2.9, 2.9, 2.9, 2.9, 2.9, 3.9, 3.9, 3.9, 3.9, 3.9],
        [4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1],
        [2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6],
    ];

    // Staff personas: champions, pragmatists (systems before principles), skeptics.
    private static readonly (double Share, double Principles, double Systems)[] Personas = [(0.45, 0.5, 0.5), (0.35, -0.3, 0.3), (0.20, -0.8, -0.8)];

    private static readonly string[] Strengths =
    [
        "Common planning time on Wednesdays.", "Our advisory program builds real relationships.", "The design team listens to teachers and families.",
        "Students present their work to community panels.", "Flexible blocks let us run projects across subjects.", "Leadership is open about the plan and the budget.",
    ];

    private static readonly string[] Challenges =
    [
        "Too many initiatives at once.", "The schedule leaves no time to meet as a grade team.", "Grading policy still rewards seat time.",
        "Devices break and take weeks to fix.", "Family engagement depends on a few people.", "New staff get little onboarding.",
    ];

    private static readonly string[] Needs =
    [
        "Visits to schools further along.", "Coaching on competency-based grading.", "Summer time to plan units together.", "Clearer decision rights for teams.",
    ];

    private readonly int[] _students;

    public SyntheticRound(Catalog catalog, int schools, int staffPerSchool, long students)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(schools, 1);
        Catalog = catalog;
        Framework = catalog.Framework("cce-essential");
        Staff = catalog.Latest("staff-readiness")!;
        Younger = catalog.Latest("student-sel-3-5")!;
        Older = catalog.Latest("student-sel-6-12")!;
        StaffPerSchool = staffPerSchool;
        Students = students;

        // Spread the students over the schools so the total is exact.
        _students = [.. Enumerable.Range(0, schools).Select(i => (int)(((i + 1) * students / schools) - (i * students / schools)))];
        var now = new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);
        Schools = [.. Enumerable.Range(0, schools).Select(i => new School(
            NetworkId,
            SchoolId(i),
            $"School {i + 1:0000}",
            $"District {(i / 12) + 1:000}",
            i % 2 == 0 ? "K-8" : "6-12",
            [$"team{i + 1}@district.example"],
            _students[i] + (_students[i] / 12)))];
        Round = new Round(
            RoundId,
            NetworkId,
            "Fall 2026",
            RoundState.Closing,
            now.AddDays(-21),
            now,
            [
                new RoundInstrument(Staff.Id, Staff.Version, ResponseMode.Confidential),
                new RoundInstrument(Younger.Id, Younger.Version, ResponseMode.Anonymous),
                new RoundInstrument(Older.Id, Older.Version, ResponseMode.Anonymous),
            ],
            [TimeSpan.FromDays(7)],
            now.AddDays(-30))
        {
            SchoolIds = [.. Schools.Select(s => s.Id)],
            OpenedAt = now.AddDays(-21),
            InvitationsQueuedAt = now.AddDays(-21),
            ClosingAt = now,
            ProfilesRequestedAt = now,
            RemindersQueued = [0],
        };
        Network = new Network(NetworkId, "Benchmark Learning Network", now.AddDays(-60)) { CoachEmails = ["coach@network.example"] };
    }

    public Catalog Catalog { get; }

    public Framework Framework { get; }

    public Instrument Staff { get; }

    public Instrument Younger { get; }

    public Instrument Older { get; }

    public int StaffPerSchool { get; }

    public long Students { get; }

    public Network Network { get; }

    public Round Round { get; }

    public IReadOnlyList<School> Schools { get; }

    public long Responses => ((long)StaffPerSchool * Schools.Count) + Students;

    /// <summary>Staff invited per school: a few more than answered, so response rates are realistic.</summary>
    public int InvitedStaff => StaffPerSchool + (StaffPerSchool / 10);

    public static string SchoolId(int index) => $"school-{index + 1:0000}";

    public static string StaffKey(int person) => $"staff-{person:000}";

    /// <summary>Every respondent, school by school; nothing is kept between schools.</summary>
    public IEnumerable<SyntheticResponse> AllResponses() => Enumerable.Range(0, Schools.Count).SelectMany(SchoolResponses);

    /// <summary>One school's respondents, from the school's own generator.</summary>
    public IEnumerable<SyntheticResponse> SchoolResponses(int school)
    {
        // Staff and students draw from generators of their own, so a school's staff are the same whatever its student count.
        var random = new Random(Seed + (school * 7919));
        var staffRandom = new Random(Seed + (school * 7919) + 1);
        // Knuth's multiplicative hash: archetypes spread over the schools, unrelated to their grade spans, same in every process.
        var archetype = Archetypes[(int)(unchecked((uint)school * 2654435761u) >> 30)];
        var schoolMeans = archetype.Select(m => m + Normal(random, 0.15)).Append(3.5 + Normal(random, 0.3)).ToArray();
        var schoolId = Schools[school].Id;

        var studentMeans = schoolMeans.Take(5).Select(m => (0.6 * m) + (0.4 * 3.3) + Normal(random, 0.2)).ToArray();
        var total = StaffPerSchool + _students[school];
        var student = 0;
        for (var position = 0; position < total; position++)
        {
            // Staff spread evenly among the students, so any prefix of a school's respondents has both.
            if ((long)(position + 1) * StaffPerSchool / total > (long)position * StaffPerSchool / total)
            {
                yield return StaffMember(staffRandom, schoolId, schoolMeans);
                continue;
            }

            var form = Schools[school].GradeSpan == "K-8" && student++ % 2 == 0 ? Younger : Older;
            var general = Normal(random, 0.5);
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var d = 0; d < studentMeans.Length; d++)
            {
                means[Framework.Dimensions[d].Id] = studentMeans[d] + general;
            }

            means[Scale] = 3.3 + general;
            yield return new SyntheticResponse(NewId(random), schoolId, form, Answers(random, form, means, 0.8), []);
        }
    }

    /// <summary>Every respondent, one school after another in turn, so any prefix spans every school (for seeding part of a round).</summary>
    public IEnumerable<SyntheticResponse> Interleaved()
    {
        var schools = Enumerable.Range(0, Schools.Count).Select(i => SchoolResponses(i).GetEnumerator()).ToList();
        try
        {
            while (schools.Count > 0)
            {
                for (var i = 0; i < schools.Count;)
                {
                    if (schools[i].MoveNext())
                    {
                        yield return schools[i++].Current;
                    }
                    else
                    {
                        schools[i].Dispose();
                        schools.RemoveAt(i);
                    }
                }
            }
        }
        finally
        {
            schools.ForEach(s => s.Dispose());
        }
    }

    private SyntheticResponse StaffMember(Random random, string schoolId, double[] schoolMeans)
    {
        var pick = random.NextDouble();
        var persona = Personas[^1];
        foreach (var candidate in Personas)
        {
            if (pick < candidate.Share)
            {
                persona = candidate;
                break;
            }

            pick -= candidate.Share;
        }

        var general = Normal(random, 0.3);
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var d = 0; d < Framework.Dimensions.Count; d++)
        {
            means[Framework.Dimensions[d].Id] = schoolMeans[d] + general + Normal(random, 0.3) + (d < 5 ? persona.Principles : persona.Systems);
        }

        means[Scale] = schoolMeans[^1] + general;
        return new SyntheticResponse(NewId(random), schoolId, Staff, Answers(random, Staff, means, 0.6), Comments(random));
    }

    /// <summary>Answers around the respondent's mean on each framework dimension (<see cref="Scale"/> for an instrument's own scales).</summary>
    private static byte[] Answers(Random random, Instrument instrument, Dictionary<string, double> means, double noise)
    {
        var stopsAt = random.NextDouble() < 0.02 ? instrument.Items.Count * 2 / 3 : instrument.Items.Count;
        var answers = new byte[instrument.Items.Count];
        for (var i = 0; i < stopsAt; i++)
        {
            if (random.NextDouble() < 0.03)
            {
                continue;
            }

            var item = instrument.Items[i];
            var mean = means.TryGetValue(item.Dimension, out var m) ? m : means[Scale];
            var value = Math.Clamp((int)Math.Round(mean + Normal(random, noise)), item.Min, item.Max);
            answers[i] = (byte)(item.Reverse ? item.Min + item.Max - value : value);
        }

        return answers;
    }

    private static Dictionary<string, string> Comments(Random random)
    {
        var comments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (random.NextDouble() < 0.40)
        {
            comments["strengths"] = $"{Strengths[random.Next(Strengths.Length)]} {Strengths[random.Next(Strengths.Length)]}";
        }

        if (random.NextDouble() < 0.30)
        {
            comments["challenges"] = Challenges[random.Next(Challenges.Length)];
        }

        if (random.NextDouble() < 0.20)
        {
            comments["needs"] = Needs[random.Next(Needs.Length)];
        }

        return comments;
    }

    private static string NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static double Normal(Random random, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
