using System.Globalization;
using System.Text;
using CsCheck;
using CsvHelper;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Profiles;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Tests.Profiles;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// The exported CSVs (a school's scores, the network's all-schools file) with hostile names and any numbers: no text
/// cell can run as a spreadsheet formula, every text reads back as written (behind one apostrophe when escaped), and
/// numbers, negative changes included, stay plain numbers.
/// </summary>
public class CsvExportProperties
{
    private static readonly string[] SchoolNumberColumns = ["n", "mean", "sd", "percent_favorable", "network_median", "percentile", "change", "percent_neutral", "percent_unfavorable", "percent_dont_know", "change_margin"];

    /// <summary>Real reports to vary (declared first: static fields start in order).</summary>
    private static readonly Lazy<SchoolReport> Template = new(() =>
        ProfileBuilder.School(ProfileData.Inputs(new ProfileData().Add("a", ProfileData.Staff, 6).Result(), [ProfileData.School("a")]), ProfileData.School("a")));

    private static readonly Lazy<NetworkReport> NetworkTemplate = new(() =>
        ProfileBuilder.Network(ProfileData.Inputs(new ProfileData().Add("a", ProfileData.Staff, 12).Result(), [ProfileData.School("a")])));

    private static readonly Gen<string> Name = Gen.OneOf(Hostile.Text, Hostile.HostileName, Gen.OneOfConst("-", "+", "=", "@", "-3", "- Dearborn -", " =1+1", "\u00a0+1", "\t1", "\r1"));

    private static readonly Gen<double?> Number = Gen.Frequency(
        (1, Gen.OneOfConst<double?>([null])),
        (4, Gen.Double[-5, 5].Select(d => (double?)d)),
        (1, Gen.OneOfConst<double?>(-0.0, -1e-9, 1e9, -100)));

    private static readonly Gen<int?> Count = Gen.Frequency((1, Gen.OneOfConst<int?>([null])), (3, Gen.Int[0, 500].Select(n => (int?)n)));

    private static readonly Gen<DimensionRow> Row = Gen.Select(Name, Name, Gen.Select(Count, Number, Number, Number), Gen.Select(Number, Number, Number), Gen.Select(Name, Gen.Bool, Name))
        .Select((id, name, first, second, rest) => new DimensionRow(id, name, DimensionKind.Principle, first.Item1, first.Item2, first.Item3, first.Item4, "band", rest.Item1, second.Item1, second.Item2, second.Item3, rest.Item2, rest.Item3));

    private static readonly Gen<SchoolReport> Schools = Gen.Select(Name, Name, Name, Gen.Select(Name, Gen.Bool, Row.Array[0, 4]).Array[1, 3])
        .Select((schoolId, schoolName, roundId, sections) =>
        {
            var report = Template.Value;
            return report with
            {
                School = report.School with { Id = schoolId, Name = schoolName },
                Round = report.Round with { Id = roundId },
                Instruments = [.. sections.Select(s => new InstrumentSection(s.Item1, "Title", Audience.Staff, null, 10, s.Item2, s.Item3))],
                ItemResults = [],
                Subgroups = [],
            };
        });

    private static readonly Gen<NetworkReport> Networks = Gen.Select(Name.Array[1, 3], Gen.Select(Name, Name, Name, Count.Array[3], Number.Array[3]).Array[0, 5])
        .Select((dimensions, schools) =>
        {
            var instruments = new[] { "staff-readiness", "student-sel-3-5", "=1+1" };
            return NetworkTemplate.Value with
            {
                StaffDimensions = [.. dimensions.Select(d => new Dimension(d, DimensionKind.Principle, new LocalizedText(new Dictionary<string, string> { ["en"] = d }), new LocalizedText(new Dictionary<string, string> { ["en"] = d })))],
                Schools = [.. schools.Select(s => new NetworkSchoolRow(s.Item1, s.Item2, s.Item3, instruments.Zip(s.Item4).ToDictionary(p => p.First, p => p.Second), [.. s.Item5.Take(dimensions.Length)]))],
            };
        });

    [Fact]
    public void A_school_csv_escapes_every_formula_text_and_keeps_every_number_a_number()
    {
        Schools.Sample(report =>
        {
            var rows = Read(ReportRenderer.SchoolCsv(report));
            var header = rows[0];
            var texts = ExpectedSchoolTexts(report).ToList();

            Assert.Equal(texts.Count, rows.Count - 1);
            foreach (var (row, expected) in rows.Skip(1).Zip(texts))
            {
                for (var column = 0; column < header.Length; column++)
                {
                    if (SchoolNumberColumns.Contains(header[column]))
                    {
                        AssertNumber(row[column]);
                    }
                    else if (expected.TryGetValue(header[column], out var text))
                    {
                        AssertText(text, row[column]);
                    }
                }
            }
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void The_network_csv_escapes_every_formula_text_and_keeps_every_number_a_number()
    {
        Networks.Sample(report =>
        {
            var rows = Read(ReportRenderer.NetworkCsv(report));

            Assert.Equal(report.Schools.Count + 1, rows.Count);
            var numbers = rows[0].Length - 3;
            foreach (var (row, school) in rows.Skip(1).Zip(report.Schools))
            {
                AssertText(school.SchoolId, row[0]);
                AssertText(school.SchoolName, row[1]);
                AssertText(school.Profile, row[2]);
                Assert.All(row.Skip(3).Take(numbers), AssertNumber);
            }

            Assert.All(rows[0], header => Assert.False(RunsAsFormula(header), header));
        }, iter: Hostile.PureIterations);
    }

    [Theory]
    [InlineData("-3", "'-3")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData(" @SUM(A1)", "' @SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("Lincoln - East", "Lincoln - East")]
    [InlineData("", "")]
    public void A_text_cell_gets_one_apostrophe_only_when_a_spreadsheet_would_run_it(string text, string written)
    {
        Assert.Equal(written, ReportRenderer.Text(text));
    }

    /// <summary>What a spreadsheet runs: a cell whose first character, after spaces, is = + - @, or that starts with a tab or CR.</summary>
    private static bool RunsAsFormula(string cell) =>
        cell.Length > 0 && (cell[0] is '\t' or '\r' || cell.TrimStart(' ', '\u00a0') is ['=' or '+' or '-' or '@', ..]);

    private static void AssertText(string original, string cell)
    {
        Assert.False(RunsAsFormula(cell), $"{Hostile.Show(cell)} runs as a formula");

        // The file is UTF-8, where half a surrogate pair becomes U+FFFD.
        var text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(original));
        Assert.Equal(RunsAsFormula(text) ? "'" + text : text, cell);
    }

    private static void AssertNumber(string cell)
    {
        if (cell.Length > 0)
        {
            Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !cell.StartsWith('\''), $"{Hostile.Show(cell)} is not a plain number");
        }
    }

    /// <summary>Each data row's text cells as the report holds them, by column, in the order the CSV writes the rows.</summary>
    private static IEnumerable<Dictionary<string, string>> ExpectedSchoolTexts(SchoolReport report)
    {
        foreach (var section in report.Instruments)
        {
            var common = new Dictionary<string, string> { ["school_id"] = report.School.Id, ["school"] = report.School.Name, ["round"] = report.Round.Id, ["instrument"] = section.InstrumentId };
            if (section.Suppressed)
            {
                yield return common;
                continue;
            }

            foreach (var row in section.Dimensions)
            {
                yield return new Dictionary<string, string>(common) { ["dimension_id"] = row.DimensionId, ["dimension"] = row.Name, ["band"] = row.BandLabel ?? "" };
            }
        }
    }

    private static List<string[]> Read(byte[] csv)
    {
        using var reader = new CsvReader(new StreamReader(new MemoryStream(csv), Encoding.UTF8), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }

        return rows;
    }
}
