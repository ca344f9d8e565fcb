using System.Globalization;
using System.Text;
using Bogus;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Cli.Demo;

/// <summary>A fictional school of the demo network, with the hidden "true" readiness its respondents answer from.</summary>
public sealed record DemoSchool(
    string Id,
    string Name,
    string District,
    string GradeSpan,
    IReadOnlyList<string> DesignTeam,
    IReadOnlyList<string> Staff,
    int ExpectedStudents,
    string Archetype,
    IReadOnlyDictionary<string, double> Means)
{
    /// <summary>The language the school's design team asks its report in.</summary>
    public string ReportLanguage { get; init; } = "en";
}

/// <summary>
/// A seeded, realistic synthetic network for the demo: schools built from four archetypes (systems ready but
/// classrooms not yet, classroom-led, early, established) with school-level noise; staff whose view of practice,
/// desire to change and capacity lean apart (champions, eager but unsupported, comfortable, undecided, skeptical);
/// students who see the principles a little less than staff do; a few skipped and "don't know" answers and comments;
/// every fourth school asks for its report in Spanish. The same seed always gives the same network and answers.
/// </summary>
public sealed class DemoNetwork
{
    private static readonly string[] Principles = ["competency", "flexible", "student-driven", "dispositions", "authentic"];
    private static readonly string[] Systems = ["leadership", "professional-learning", "autonomies", "technology", "family-community"];
    private static readonly (string Name, double Principles, double Systems)[] Archetypes =
        [("systems ready", 2.7, 3.9), ("classroom-led", 3.9, 2.6), ("early", 2.4, 2.5), ("established", 4.4, 4.3)];
    // How a person's view leans from the school's: on practice, on desire to change, and on capacity and shared vision.
    private static readonly ((double Practice, double Desire, double Capacity) Lean, double Share)[] Personas =
        [((0.6, 0.9, 0.5), 0.2), ((-0.3, 1.0, -1.2), 0.25), ((0.5, -0.9, 0.3), 0.2), ((-0.1, -0.1, 0.0), 0.2), ((-0.7, -1.4, -0.4), 0.15)];

    private static readonly HashSet<string> Readiness = ["desire-to-change", "capacity", "shared-vision"];
    private static readonly string[] Spans = ["K-5", "6-8", "K-8", "9-12"];

    private static readonly Dictionary<string, string[]> Comments = new()
    {
        ["strengths"] =
        [
            "Our advisory program gives every student an adult who knows them well.",
            "Teachers share lesson ideas across grades during common planning time.",
            "Families come to student exhibitions in large numbers.",
            "The leadership team listens when teachers raise concerns.",
            "Students lead parts of their own conferences now.",
            "We have strong project-based units in science.",
        ],
        ["challenges"] =
        [
            "The bell schedule leaves no time for longer projects.",
            "Report cards still grade on seat time and homework completion.",
            "Many devices are old and the network is slow.",
            "New initiatives arrive faster than we can learn them.",
            "We rarely hear from families who do not speak English.",
            "District testing calendars limit what we can change.",
        ],
        ["needs"] =
        [
            "Protected time to plan together as a grade team.",
            "Visits to schools that already use competency-based grading.",
            "Training on a tool to track progress on competencies.",
            "Interpreters for family conferences.",
            "Clear decisions about what we will stop doing.",
        ],
    };

    private DemoNetwork(IReadOnlyList<DemoSchool> schools) => Schools = schools;

    public IReadOnlyList<DemoSchool> Schools { get; }

    public static DemoNetwork Create(int schools, int seed)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var random = new Random(seed);
        var districts = Enumerable.Range(0, 3).Select(_ => faker.Address.City()).Distinct().ToList();
        var list = new List<DemoSchool>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schools; i++)
        {
            var span = Spans[i % Spans.Length];
            string name;
            do
            {
                name = $"{faker.Name.LastName()} {(span switch { "K-5" => "Elementary School", "6-8" => "Middle School", "K-8" => "K-8 School", _ => "High School" })}";
            }
            while (!names.Add(name));

            var district = districts[i % districts.Count];
            var domain = new string([.. district.ToLowerInvariant().Where(char.IsAsciiLetter)]) + ".example";
            var (archetype, principles, systems) = Archetypes[i % Archetypes.Length];
            var means = Principles.ToDictionary(d => d, _ => principles + Noise(random, 0.25))
                .Concat(Systems.ToDictionary(d => d, _ => systems + Noise(random, 0.25)))
                .Concat([new KeyValuePair<string, double>("desire-to-change", 3.4 + Noise(random, 0.4))])
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            // One very small school shows what the privacy floors do.
            var staffCount = i == schools - 1 ? 4 : random.Next(12, 31);
            var staff = Enumerable.Range(0, staffCount).Select(_ => $"{faker.Name.FirstName().ToLowerInvariant()}.{faker.Name.LastName().ToLowerInvariant()}.{random.Next(100, 999)}@{domain}").ToList();
            var team = new List<string> { $"principal.{i + 1:00}@{domain}", $"design-team.{i + 1:00}@{domain}" };
            list.Add(new DemoSchool($"school-{i + 1:00}", name, $"{district} Public Schools", span, team, staff, random.Next(40, 90), archetype, means) { ReportLanguage = i % 4 == 1 ? "es" : "en" });
        }

        return new DemoNetwork(list);
    }

    public string SchoolsCsv()
    {
        var csv = new StringBuilder("school_id,name,district,grade_span,design_team_emails,expected_students,report_language\n");
        foreach (var s in Schools)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.Id},{s.Name},{s.District},{s.GradeSpan},{string.Join(';', s.DesignTeam)},{s.ExpectedStudents},{s.ReportLanguage}\n");
        }

        return csv.ToString();
    }

    public string RosterCsv()
    {
        var csv = new StringBuilder("school_id,email,role\n");
        foreach (var s in Schools)
        {
            foreach (var (email, n) in s.Staff.Select((e, n) => (e, n)))
            {
                csv.Append(CultureInfo.InvariantCulture, $"{s.Id},{email},{(n < 2 ? "administrator" : n % 4 == 3 ? "support" : "teacher")}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// One staff member's answers: the school's level on each dimension plus the person's lean (on practice, desire,
    /// or capacity and shared vision), with noise; about one in six answers "don't know" where an item offers it.
    /// </summary>
    public static (Dictionary<string, object> Answers, Dictionary<string, string> OpenText) StaffAnswers(Instrument instrument, DemoSchool school, Random random)
    {
        var lean = Pick(random, Personas);
        double Lean(string dimension) => dimension == "desire-to-change" ? lean.Desire : Readiness.Contains(dimension) ? lean.Capacity : lean.Practice;
        var answers = Answer(instrument, random, d => school.Means.GetValueOrDefault(d, 3.2) + Lean(d), noise: 0.7);
        foreach (var item in instrument.Items.Where(i => i.DontKnow && answers.ContainsKey(i.Id) && random.NextDouble() < 0.16))
        {
            answers[item.Id] = Item.DontKnowAnswer;
        }

        var openText = new Dictionary<string, string>();
        foreach (var prompt in instrument.OpenPrompts.Where(_ => random.NextDouble() < 0.35))
        {
            openText[prompt.Id] = Comments[prompt.Id][random.Next(Comments[prompt.Id].Length)];
        }

        return (answers, openText);
    }

    /// <summary>One student's answers: principles a little below how staff see them, SEL and engagement following the principles.</summary>
    public static Dictionary<string, object> StudentAnswers(Instrument instrument, DemoSchool school, Random random)
    {
        var principles = Principles.Average(d => school.Means[d]);
        var lean = Noise(random, 0.5);
        return Answer(instrument, random, d => lean + (school.Means.TryGetValue(d, out var mean) ? mean - 0.35 : 3.2 + (0.4 * (principles - 3))), noise: 0.9);
    }

    /// <summary>How many of a school's students answer a form: most of the expected students, split across the forms it gets.</summary>
    public static int StudentsAnswering(DemoSchool school, int forms, Random random) =>
        (int)(school.ExpectedStudents * (0.55 + (0.35 * random.NextDouble())) / forms);

    private static Dictionary<string, object> Answer(Instrument instrument, Random random, Func<string, double> level, double noise)
    {
        var answers = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var item in instrument.Items)
        {
            if (random.NextDouble() < 0.03)
            {
                continue;
            }

            var value = (int)Math.Round(Math.Clamp(level(item.Dimension) + Noise(random, noise), item.Min, item.Max));
            answers[item.Id] = item.Reverse ? item.Min + item.Max - value : value;
        }

        return answers;
    }

    private static T Pick<T>(Random random, (T Value, double Share)[] choices)
    {
        var roll = random.NextDouble();
        foreach (var (value, share) in choices)
        {
            if ((roll -= share) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    /// <summary>A normal draw (Box-Muller) with the given standard deviation.</summary>
    private static double Noise(Random random, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
