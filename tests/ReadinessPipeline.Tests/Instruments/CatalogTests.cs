using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Tests.Instruments;

public class CatalogTests
{
    private static readonly Catalog Shipped = Catalog.LoadDefault();

    private static readonly string[] TenDimensions =
        ["competency", "flexible", "student-driven", "dispositions", "authentic", "leadership", "professional-learning", "autonomies", "technology", "family-community"];

    [Fact]
    public void The_CCE_framework_has_five_principles_and_five_systems_of_support()
    {
        var framework = Shipped.Framework("cce-essential");

        Assert.Equal(TenDimensions, framework.Dimensions.Select(d => d.Id));
        Assert.Equal(5, framework.Dimensions.Count(d => d.Kind == DimensionKind.Principle));
        Assert.Equal(5, framework.Dimensions.Count(d => d.Kind == DimensionKind.SystemOfSupport));
        Assert.All(TenDimensions, id => Assert.InRange(framework.Practices[id].Count, 2, 4));
    }

    [Theory]
    [InlineData(1.0, "beginning")]
    [InlineData(2.49, "beginning")]
    [InlineData(2.5, "emerging")]
    [InlineData(3.2499, "emerging")]
    [InlineData(3.25, "developing")]
    [InlineData(3.99, "developing")]
    [InlineData(4.0, "ready")]
    [InlineData(5.0, "ready")]
    public void Readiness_bands_use_the_documented_cut_points(double mean, string band)
    {
        Assert.Equal(band, Shipped.Framework("cce-essential").BandFor(mean).Id);
    }

    [Fact]
    public void The_six_principle_framework_is_only_data()
    {
        var framework = Shipped.Framework("ma-pln-2016");

        Assert.Equal(6, framework.Dimensions.Count);
        Assert.All(framework.Dimensions, d => Assert.Equal(DimensionKind.Principle, d.Kind));
    }

    [Fact]
    public void Staff_readiness_has_four_to_six_items_per_dimension_some_reversed_plus_desire_and_three_prompts()
    {
        var staff = Shipped.Latest("staff-readiness")!;

        Assert.Equal(Audience.Staff, staff.Audience);
        foreach (var dimension in TenDimensions)
        {
            var items = staff.ItemsOf(dimension).ToList();
            Assert.InRange(items.Count, 4, 6);
        }

        Assert.InRange(staff.Items.Count(i => i.Reverse), 10, 20);
        Assert.Contains(staff.Dimensions, d => d.Id == "desire-to-change" && d.Kind == DimensionKind.Scale);
        Assert.Equal(["strengths", "challenges", "needs"], staff.OpenPrompts.Select(p => p.Id));
    }

    [Theory]
    [InlineData("student-sel-3-5", "3-5")]
    [InlineData("student-sel-6-12", "6-12")]
    public void Student_forms_cover_the_five_principles_plus_SEL_and_engagement(string id, string gradeBand)
    {
        var form = Shipped.Latest(id)!;

        Assert.Equal((Audience.Student, gradeBand), (form.Audience, form.GradeBand));
        Assert.Equal(["competency", "flexible", "student-driven", "dispositions", "authentic", "sel", "engagement"], form.Dimensions.Select(d => d.Id));
        Assert.Empty(form.OpenPrompts);
    }

    [Fact]
    public void The_younger_form_is_shorter()
    {
        Assert.True(Shipped.Latest("student-sel-3-5")!.Items.Count < Shipped.Latest("student-sel-6-12")!.Items.Count);
    }

    [Fact]
    public void Every_instrument_is_complete_in_English_and_Spanish()
    {
        foreach (var instrument in Shipped.Instruments)
        {
            Assert.Equal(["en", "es"], instrument.Languages);
            Assert.All(instrument.Items, i => Assert.True(i.Text.Has("es") && i.Text.In("es") != i.Text.In("en"), $"{instrument.Key} {i.Id}"));
            Assert.Equal(5, instrument.ScaleLabels.Count);
        }
    }

    [Fact]
    public void Adding_a_language_is_adding_text_files()
    {
        using var copy = DataCopy.Create();
        foreach (var folder in new[] { "frameworks/cce-essential", "instruments/student-sel-3-5/v1" })
        {
            var english = File.ReadAllText(Path.Combine(copy.Path, folder, "text.en.json"));
            File.WriteAllText(Path.Combine(copy.Path, folder, "text.pt.json"), english.Replace("\"language\": \"en\"", "\"language\": \"pt\"", StringComparison.Ordinal));
        }

        var catalog = Catalog.Load(copy.Path);

        Assert.Contains("pt", catalog.Latest("student-sel-3-5")!.Languages);
    }

    [Fact]
    public void A_missing_translation_and_an_unknown_dimension_are_both_reported_with_their_files()
    {
        using var copy = DataCopy.Create();
        var folder = Path.Combine(copy.Path, "instruments/student-sel-3-5/v1");
        File.WriteAllText(Path.Combine(folder, "text.es.json"), File.ReadAllText(Path.Combine(folder, "text.es.json")).Replace("\"competency-1\"", "\"competency-x\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "instrument.json"), File.ReadAllText(Path.Combine(folder, "instrument.json")).Replace("\"dimension\": \"flexible\"", "\"dimension\": \"flexibility\"", StringComparison.Ordinal));

        var error = Assert.Throws<CatalogException>(() => Catalog.Load(copy.Path));

        Assert.Contains(error.Problems, p => p.Contains("unknown dimension 'flexibility'", StringComparison.Ordinal) && p.Contains("instrument.json", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("no text for item 'competency-1'", StringComparison.Ordinal) && p.Contains("text.es.json", StringComparison.Ordinal));
    }

    [Fact]
    public void An_instrument_in_the_wrong_version_folder_is_refused()
    {
        using var copy = DataCopy.Create();
        Directory.Move(Path.Combine(copy.Path, "instruments/student-sel-3-5/v1"), Path.Combine(copy.Path, "instruments/student-sel-3-5/v2"));

        var error = Assert.Throws<CatalogException>(() => Catalog.Load(copy.Path));

        Assert.Contains(error.Problems, p => p.Contains("must live in instruments/student-sel-3-5/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public void Student_forms_head_their_sections_in_their_own_words_and_the_staff_form_uses_the_dimension_names()
    {
        var young = Shipped.Latest("student-sel-3-5")!;
        var staff = Shipped.Latest("staff-readiness")!;
        var studentDriven = young.Dimensions.Single(d => d.Id == "student-driven");

        Assert.Equal("Making choices", young.SectionTitle(studentDriven, "en"));
        Assert.Equal("Tomar decisiones", young.SectionTitle(studentDriven, "es"));
        Assert.Equal("Student-driven learning", studentDriven.Name.In("en"));
        Assert.Null(staff.SectionTitles);
        Assert.Equal("Liderazgo", staff.SectionTitle(staff.Dimensions.Single(d => d.Id == "leadership"), "es"));
    }

    [Fact]
    public void Section_headings_must_cover_every_section_in_every_language_or_none()
    {
        using var copy = DataCopy.Create();
        var folder = Path.Combine(copy.Path, "instruments/student-sel-3-5/v1");
        File.WriteAllText(Path.Combine(folder, "text.en.json"), File.ReadAllText(Path.Combine(folder, "text.en.json")).Replace("\"authentic\": \"Learning about real things\"", "\"authentics\": \"Learning about real things\"", StringComparison.Ordinal));
        var spanish = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "text.es.json")))!.AsObject();
        spanish.Remove("sections");
        File.WriteAllText(Path.Combine(folder, "text.es.json"), spanish.ToJsonString());

        var error = Assert.Throws<CatalogException>(() => Catalog.Load(copy.Path));

        Assert.Contains(error.Problems, p => p.Contains("text.en.json: sections has no heading for 'authentic'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("text.en.json: heading for unknown section 'authentics'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("section headings must be given in every language or in none", StringComparison.Ordinal));
    }

    [Fact]
    public void No_shipped_question_is_required_and_an_instrument_file_can_make_one_required()
    {
        // The shipped forms are voluntary: each student form tells children they may skip any question.
        Assert.All(Shipped.Instruments.SelectMany(i => i.Items), item => Assert.False(item.Required, item.Id));
        using var copy = DataCopy.Create();
        var path = Path.Combine(copy.Path, "instruments/staff-readiness/v1/instrument.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("{ \"id\": \"desire-1\", \"dimension\": \"desire-to-change\", \"reverse\": false }", "{ \"id\": \"desire-1\", \"dimension\": \"desire-to-change\", \"reverse\": false, \"required\": true }", StringComparison.Ordinal));

        var staff = Catalog.Load(copy.Path).Latest("staff-readiness")!;

        Assert.Equal(["desire-1"], staff.Items.Where(i => i.Required).Select(i => i.Id));
    }

    /// <summary>A throwaway copy of the shipped data folder.</summary>
    private sealed class DataCopy : IDisposable
    {
        private DataCopy(string path) => Path = path;

        public string Path { get; }

        public static DataCopy Create()
        {
            var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "catalog-" + Guid.NewGuid().ToString("N"));
            foreach (var file in Directory.GetFiles(Catalog.DefaultDirectory, "*", SearchOption.AllDirectories))
            {
                var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(Catalog.DefaultDirectory, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            return new DataCopy(target);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
