using CsCheck;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>The school, roster and opt-out parsers on generated files: all or nothing, every refusal on a line of the file.</summary>
public class CsvImportProperties
{
    public static TheoryData<string> Kinds => [.. CsvKind.All.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Any_text_is_imported_whole_or_refused_with_every_error_on_a_line_of_the_file(string name)
    {
        var kind = CsvKind.Named(name);
        Gen.OneOf(CsvFiles.Garbage(kind), CsvFiles.Structured(kind).Select(f => f.Text)).Sample(text =>
        {
            var result = kind.Parse(text);

            var lines = CsvFiles.LineBreaks(text) + 1;
            if (result.IsValid)
            {
                Assert.NotEmpty(result.Rows);
            }
            else
            {
                Assert.Empty(result.Rows);
                Assert.All(result.Errors, e => Assert.InRange(e.Line, 1, lines));
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                Assert.InRange(result.Errors.Count, 1, ImportLimits.Default.MaxErrors + 1);
            }
        }, iter: Hostile.PureIterations);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_cell_a_spreadsheet_would_run_is_refused_on_its_own_line_and_column(string name)
    {
        var kind = CsvKind.Named(name);
        CsvFiles.Structured(kind).Sample(file =>
        {
            var result = kind.Parse(file.Text);

            foreach (var (line, column) in file.Refusable)
            {
                Assert.Contains(result.Errors, e => e.Line == line && e.Column == column);
            }
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void An_accepted_school_list_holds_only_storage_safe_ids_and_names_no_spreadsheet_runs()
    {
        CsvFiles.Structured(CsvKind.SchoolList).Sample(file =>
        {
            var result = SchoolCsv.Parse(new StringReader(file.Text), "hardening");

            Assert.All(result.Rows, school =>
            {
                Assert.Matches("^[a-z0-9][a-z0-9-]{0,62}$", school.Id);
                Assert.All(new[] { school.Name, school.District }, text =>
                {
                    Assert.InRange(text.Length, 1, SchoolCsv.MaxTextLength);
                    Assert.DoesNotMatch("^[=+@\\s]|\\p{Cc}", text);
                });
            });
        }, iter: Hostile.PureIterations);
    }

    [Fact]
    public void A_path_like_or_otherwise_unusable_school_id_is_always_refused_in_its_cell()
    {
        var ids = Gen.OneOf(Gen.OneOfConst(Hostile.PathLikeIds.Where(id => !Ids.IsValid(id)).ToArray()), Hostile.Text.Where(id => !Ids.IsValid(id.Trim())));
        ids.Sample(id =>
        {
            var text = $"{CsvKind.SchoolList.Header}\n\"{id.Replace("\"", "\"\"", StringComparison.Ordinal)}\",Lincoln,Springfield,K-5,ann@lincoln.example,\n";

            var result = SchoolCsv.Parse(new StringReader(text), "hardening");

            Assert.Empty(result.Rows);
            Assert.Contains(result.Errors, e => e.Line == 2 && e.Column == "school_id");
        }, iter: Hostile.PureIterations);
    }
}
