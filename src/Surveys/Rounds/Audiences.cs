using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Who a round asks, school by school: which instruments apply, and which roster people get personal links.</summary>
public static class Audiences
{
    /// <summary>
    /// The round's instruments that apply to a school: staff instruments everywhere; a student form only where the
    /// school's grade span overlaps the form's grade band (a K-5 school gets grades 3-5, a K-8 school both forms).
    /// </summary>
    public static IEnumerable<(RoundInstrument Asked, Instrument Instrument)> InstrumentsFor(Round round, School school, Catalog catalog) =>
        round.Instruments
            .Select(asked => (asked, instrument: catalog.Find(asked.InstrumentId, asked.InstrumentVersion)!))
            .Where(p => p.instrument.Audience == Audience.Staff || p.instrument.GradeBand is null || Overlaps(school.GradeSpan, p.instrument.GradeBand));

    /// <summary>
    /// Roster people who get a personal link for an instrument: every staff role for a staff instrument; students in
    /// the form's grade band for a student form, leaving out students whose families opted them out.
    /// </summary>
    public static IEnumerable<RosterPerson> PeopleFor(Instrument instrument, IEnumerable<RosterPerson> schoolRoster, IReadOnlySet<(string SchoolId, string RosterKey)> optOuts)
    {
        if (instrument.Audience == Audience.Staff)
        {
            return schoolRoster.Where(p => p.Role != RosterRole.Student);
        }

        var band = instrument.GradeBand is null ? null : GradeSpan.Parse(instrument.GradeBand);
        return schoolRoster.Where(p =>
            p.Role == RosterRole.Student
            && !optOuts.Contains((p.SchoolId, p.RosterKey))
            && (band is null || (p.Grade is { } grade && band.IncludesAny(grade, grade))));
    }

    private static bool Overlaps(string schoolSpan, string gradeBand)
    {
        var band = GradeSpan.Parse(gradeBand);
        return GradeSpan.Parse(schoolSpan).IncludesAny(band.Low, band.High);
    }
}
