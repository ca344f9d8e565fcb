using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Profiles;

/// <summary>Crafted rounds for profile tests: respondents whose every item gives a chosen score after reverse-coding.</summary>
internal sealed class ProfileData
{
    public static readonly Catalog Catalog = Catalog.LoadDefault();
    public static readonly Instrument Staff = Catalog.Latest("staff-readiness")!;
    public static readonly Instrument Younger = Catalog.Latest("student-sel-3-5")!;
    public static readonly Instrument Older = Catalog.Latest("student-sel-6-12")!;

    private readonly RoundAggregator _aggregator = new(Catalog.Find, new ScoringPlans());
    private int _added;

    /// <summary>
    /// Adds <paramref name="count"/> respondents at a school, each item answered so that it scores <paramref name="score"/>
    /// (or per dimension); <paramref name="answer"/> may give respondent n's raw answer to an item instead (0 skips it,
    /// 15 is "don't know"); <paramref name="role"/> is the stored role group.
    /// </summary>
    public ProfileData Add(string school, Instrument instrument, int count, int score = 4, Dictionary<string, int>? perDimension = null, Func<int, Dictionary<string, string>>? comments = null, string[]? skip = null, string? role = null, Func<int, Item, byte?>? answer = null)
    {
        var start = _added;
        _added += count;
        for (var n = 0; n < count; n++)
        {
            var respondent = n;
            var answers = instrument.Items.Select(item =>
            {
                if (answer?.Invoke(respondent, item) is { } given)
                {
                    return given;
                }

                if (skip?.Contains(item.Dimension) == true)
                {
                    return (byte)0;
                }

                var wanted = perDimension?.GetValueOrDefault(item.Dimension, score) ?? score;
                return (byte)(item.Reverse ? item.Min + item.Max - wanted : wanted);
            }).ToArray();
            _aggregator.Add(new StoredResponse($"{school}-{instrument.Id}-{start + n}", school, instrument.Id, instrument.Version, answers)
            {
                OpenText = comments?.Invoke(n) ?? new Dictionary<string, string>(),
                Role = role,
            });
        }

        return this;
    }

    public RoundAggregates Result() => _aggregator.Result();

    public static School School(string id, string span = "K-8") => new("net", id, $"School {id}", "District", span, ["team@district.example"], 30);

    public static ProfileInputs Inputs(RoundAggregates current, IEnumerable<School> schools, RoundAggregates? previous = null, PersonaCounts? personas = null, Dictionary<string, ProfileAssignment>? profiles = null) => new(
        new Network("net", "Test network", DateTimeOffset.UnixEpoch),
        new Round("round", "net", "Fall", RoundState.Closing, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(14), [], [], DateTimeOffset.UnixEpoch),
        Catalog.Framework("cce-essential"),
        [Staff, Younger, Older],
        [.. schools],
        current,
        previous,
        null,
        profiles ?? new Dictionary<string, ProfileAssignment>(),
        null,
        personas,
        PrivacyFloors.Default);
}
