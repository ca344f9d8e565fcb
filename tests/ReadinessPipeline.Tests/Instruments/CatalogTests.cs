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
    public void Staff_readiness_v1_has_four_to_six_items_per_dimension_some_reversed_plus_desire_and_three_prompts()
    {
        var staff = Shipped.Find("staff-readiness", 1)!;

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

    [Fact]
    public void Staff_readiness_v2_is_the_newest_and_adds_the_readiness_scales_with_dont_know_on_items_many_cannot_judge()
    {
        var staff = Shipped.Latest("staff-readiness")!;

        Assert.Equal(2, staff.Version);
        Assert.All(TenDimensions, dimension => Assert.InRange(staff.ItemsOf(dimension).Count(), 5, 7));
        Assert.Equal(["desire-to-change", "capacity", "shared-vision", "strength-based", "metrics-room"],
            staff.Dimensions.Where(d => d.Kind == DimensionKind.Scale).Select(d => d.Id));
        Assert.All(staff.Dimensions.Where(d => d.Kind == DimensionKind.Scale), scale => Assert.InRange(staff.ItemsOf(scale.Id).Count(), 3, 5));
        Assert.InRange(staff.Items.Count(i => i.DontKnow), 10, 25);
        Assert.Contains(staff.Items, i => i.Id == "autonomies-5" && i.DontKnow && i.Reverse);
        Assert.DoesNotContain(staff.Items, i => i.Dimension == "desire-to-change" && i.DontKnow);
    }

    [Fact]
    public void The_v1_double_barrelled_staff_items_are_split_in_v2()
    {
        var v2 = Shipped.Find("staff-readiness", 2)!;

        // Each v1 item asked two things at once; v2 asks each on its own.
        Assert.Contains(v2.Items, i => i.Text.In("en") == "We use technology to track each student's progress toward competencies.");
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Students here can see their own progress toward competencies online.");
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Staff here get time to design new practices together.");
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Staff here get time to reflect together on how new practices are working.");
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Students who are struggling academically get support quickly.");
        Assert.Contains(v2.Items, i => i.Text.In("en").StartsWith("Students who are struggling emotionally", StringComparison.Ordinal));
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Every student in this school meets regularly with an adult advisor.");
        Assert.Contains(v2.Items, i => i.Text.In("en") == "Advisors in this school know their students well.");
        Assert.Contains(v2.Items, i => i.Text.In("en").StartsWith("District rules would keep", StringComparison.Ordinal));
        Assert.Contains(v2.Items, i => i.Text.In("en").StartsWith("Contract terms would keep", StringComparison.Ordinal));
        Assert.Contains(v2.Items, i => i.Text.In("en") == "I see strong reasons for this school to change the way it works." && !i.Reverse);
        Assert.Contains(v2.Items, i => i.Text.In("en") == "The way this school works now is good enough for our students." && i.Reverse);
        Assert.DoesNotContain(v2.Items, i => i.Text.In("en").Contains("; I see no", StringComparison.Ordinal));
    }

    [Fact]
    public void The_v1_Spanish_problems_are_fixed_in_v2()
    {
        var staff = Shipped.Find("staff-readiness", 2)!;
        var young = Shipped.Find("student-sel-3-5", 2)!;
        string Spanish(Instrument instrument, string id) => instrument.FindItem(id)!.Text.In("es");

        Assert.DoesNotContain("misma intención", Spanish(staff, "dispositions-1"), StringComparison.Ordinal);
        Assert.Contains("de manera tan planificada", Spanish(staff, "dispositions-1"), StringComparison.Ordinal);
        Assert.DoesNotContain(staff.Items, i => i.Text.In("es").Contains("formación profesional", StringComparison.Ordinal));
        Assert.DoesNotContain(staff.Items, i => i.Text.In("es").Contains("conferencias", StringComparison.Ordinal));
        Assert.Contains("reuniones con sus familias", Spanish(staff, "student-driven-5"), StringComparison.Ordinal);
        Assert.DoesNotContain("rol de los maestros va más allá", Spanish(staff, "flexible-6"), StringComparison.Ordinal);
        Assert.DoesNotContain(young.Items, i => i.Text.In("es").Contains("triste", StringComparison.Ordinal));
        Assert.Equal("Puedo calmarme cuando me enojo.", Spanish(young, "self-management-1"));
    }

    [Theory]
    [InlineData("student-sel-3-5", "3-5")]
    [InlineData("student-sel-6-12", "6-12")]
    public void Student_forms_v1_cover_the_five_principles_plus_SEL_and_engagement(string id, string gradeBand)
    {
        var form = Shipped.Find(id, 1)!;

        Assert.Equal((Audience.Student, gradeBand), (form.Audience, form.GradeBand));
        Assert.Equal(["competency", "flexible", "student-driven", "dispositions", "authentic", "sel", "engagement"], form.Dimensions.Select(d => d.Id));
        Assert.Empty(form.OpenPrompts);
    }

    [Theory]
    [InlineData("student-sel-3-5", "3-5")]
    [InlineData("student-sel-6-12", "6-12")]
    public void Student_forms_v2_have_positive_items_and_at_least_three_for_every_construct(string id, string gradeBand)
    {
        var form = Shipped.Latest(id)!;

        Assert.Equal((2, Audience.Student, gradeBand), (form.Version, form.Audience, form.GradeBand));
        Assert.Equal(["competency", "flexible", "student-driven", "dispositions", "authentic", "belonging", "relationships", "self-efficacy", "self-management", "social-awareness", "engagement"],
            form.Dimensions.Select(d => d.Id));
        Assert.All(form.Dimensions, d => Assert.True(form.ItemsOf(d.Id).Count() >= 3, d.Id));
        Assert.All(form.Items, i => Assert.False(i.Reverse, i.Id));
        Assert.All(form.Items, i => Assert.False(i.DontKnow, i.Id));
    }

    [Fact]
    public void The_grades_3_5_form_labels_statements_by_how_true_and_habits_by_how_often()
    {
        var form = Shipped.Latest("student-sel-3-5")!;
        var belonging = form.FindItem("belonging-1")!;
        var listens = form.FindItem("relationships-2")!;

        Assert.Equal("Very true", form.LabelFor(belonging, 5).In("en"));
        Assert.Equal("Muy cierto", form.LabelFor(belonging, 5).In("es"));
        Assert.Equal("Always", form.LabelFor(listens, 5).In("en"));
        Assert.Equal("Nunca", form.LabelFor(listens, 1).In("es"));
    }

    [Fact]
    public void Staff_and_student_items_that_share_a_parallel_key_score_the_same_principle()
    {
        var staff = Shipped.Latest("staff-readiness")!;
        foreach (var form in new[] { Shipped.Latest("student-sel-3-5")!, Shipped.Latest("student-sel-6-12")! })
        {
            var pairs = form.Items.Where(i => i.Parallel is not null).Select(i => (Student: i, Staff: staff.Items.SingleOrDefault(s => s.Parallel == i.Parallel))).ToList();

            Assert.All(pairs, p => Assert.True(p.Staff is not null && p.Staff.Dimension == p.Student.Dimension, p.Student.Id));
            Assert.All(TenDimensions.Take(5), principle => Assert.True(pairs.Count(p => p.Student.Dimension == principle) >= 2, $"{form.Id} {principle}"));
        }
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
        foreach (var folder in new[] { "frameworks/cce-essential", "instruments/student-sel-3-5/v1", "instruments/student-sel-3-5/v2" })
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
        Directory.Move(Path.Combine(copy.Path, "instruments/student-sel-3-5/v1"), Path.Combine(copy.Path, "instruments/student-sel-3-5/v3"));

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

        var staff = Catalog.Load(copy.Path).Find("staff-readiness", 1)!;

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
