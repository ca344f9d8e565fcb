using System.Text.Json;
using ReadinessPipeline.Cli;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Offline;

/// <summary>The offline CLI contract: instruments show and score, with hand-computed expected values.</summary>
[Collection(nameof(ConsoleCollection))]
public class OfflineCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("offline-").FullName;

    // Competency of staff-readiness: items 1-3 positive, 4 and 5 reverse-coded (6 - answer). Recoded per row:
    //   r1: 5 4 4 4 5 = 22 -> 4.4 (5 favorable)   r2: 4 4 3 2 4 = 17 -> 3.4 (3)   r3: 3 2 3 3 3 = 14 -> 2.8 (0)
    //   r4: 2 1 2 1 2 = 8 -> 1.6 (0)              r5: 5 5 4 5 4 = 23 -> 4.6 (5)
    // School A: mean 16.8 / 5 = 3.36 (Developing), favorable 13 of 25 = 52 %.
    // School B: r6 answers 3 of 5 items (4.0), r7 only 1 (no score): 1 scored respondent, suppressed at --min-n 5.
    // Alpha over r1-r5 (the only complete ones): item variances 1.7 + 2.7 + 0.7 + 2.5 + 1.3 = 8.9, total variance
    // 150.8 / 4 = 37.7, alpha = 5/4 (1 - 8.9/37.7) = 36 / 37.7.
    private const string Csv =
        "respondent_id,school_id,competency-1,competency-2,competency-3,competency-4,competency-5\n" +
        "r1,school-a,5,4,4,2,1\n" +
        "r2,school-a,4,4,3,4,2\n" +
        "r3,school-a,3,2,3,3,3\n" +
        "r4,school-a,2,1,2,5,4\n" +
        "r5,school-a,5,5,4,1,2\n" +
        "r6,school-b,4,4,4,,\n" +
        "r7,school-b,1,,,,\n";

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (await Commands.Parse(args).InvokeAsync(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    private string File(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Instruments_show_lists_every_item_with_its_dimension_direction_and_scale()
    {
        var (exit, output, _) = await RunAsync("instruments", "show", "staff-readiness", "--version", "1", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(("staff-readiness", 1), (json.RootElement.GetProperty("id").GetString(), json.RootElement.GetProperty("version").GetInt32()));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(54, items.Count);
        var fourth = items.Single(i => i.GetProperty("id").GetString() == "competency-4");
        Assert.Equal(("competency", true, 1, 5), (fourth.GetProperty("dimension").GetString(), fourth.GetProperty("reverse").GetBoolean(), fourth.GetProperty("min").GetInt32(), fourth.GetProperty("max").GetInt32()));
    }

    [Fact]
    public async Task Score_prints_the_contract_with_hand_computed_values()
    {
        var (exit, output, error) = await RunAsync("score", "--instrument", "staff-readiness", "--version", "1", "--input", File(Csv), "--min-n", "5", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("staff-readiness", root.GetProperty("instrument").GetProperty("id").GetString());
        Assert.Equal(1, root.GetProperty("instrument").GetProperty("version").GetInt32());

        var competency = root.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal(36 / 37.7, competency.GetProperty("alpha").GetDouble(), 10);
        Assert.Equal(5, competency.GetProperty("n").GetInt32());

        var schools = root.GetProperty("schools").EnumerateArray().ToList();
        Assert.Equal(["school-a", "school-b"], schools.Select(s => s.GetProperty("id").GetString()));
        var a = schools[0];
        Assert.Equal(5, a.GetProperty("n").GetInt32());
        var aCompetency = a.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal(5, aCompetency.GetProperty("n").GetInt32());
        Assert.Equal(3.36, aCompetency.GetProperty("mean").GetDouble(), 10);
        Assert.Equal(52.0, aCompetency.GetProperty("percentFavorable").GetDouble(), 10);
        Assert.Equal("developing", aCompetency.GetProperty("band").GetString());
        Assert.False(aCompetency.GetProperty("suppressed").GetBoolean());
        Assert.Equal("Developing overall", a.GetProperty("profile").GetString());

        var bCompetency = schools[1].GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal((2, 1), (schools[1].GetProperty("n").GetInt32(), bCompetency.GetProperty("n").GetInt32()));
        Assert.True(bCompetency.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, bCompetency.GetProperty("mean").ValueKind);
        Assert.Equal(JsonValueKind.Null, bCompetency.GetProperty("percentFavorable").ValueKind);
    }

    // Competency of staff-readiness v2: six items, 1-4 positive, 5 and 6 reverse-coded; competency-2 offers
    // "don't know" (dk), which counts as not answered. Recoded per row (- = don't know):
    //   r1: 5 - 4 4 4 5 = 22 / 5 = 4.4 (5 favorable of 5)   r2: 4 4 3 3 2 4 = 20 / 6 (3 of 6)   r3: 3 - 3 3 3 3 = 15 / 5 = 3 (0 of 5)
    //   r4: 2 1 2 2 1 2 = 10 / 6 (0 of 6)                    r5: 5 5 4 5 5 4 = 28 / 6 (6 of 6)
    // Mean (22/5 + 20/6 + 3 + 10/6 + 28/6) / 5 = 256/75 (Developing); favorable 14 of 28 = 50 %. (Had "don't know"
    // been scored as the neutral 3, r1 would be 25/6 and r3 still 3: a different mean, 3.3667.)
    // Alpha over r2, r4, r5 (the only ones with all six answered): item variances 7/3 + 13/3 + 1 + 7/3 + 13/3 + 4/3 = 47/3,
    // total variance 244/3, alpha = 6/5 (1 - 47/244) = 591/610.
    private const string CsvV2 =
        "respondent_id,school_id,competency-1,competency-2,competency-3,competency-4,competency-5,competency-6\n" +
        "r1,school-a,5,dk,4,4,2,1\n" +
        "r2,school-a,4,4,3,3,4,2\n" +
        "r3,school-a,3,DK,3,3,3,3\n" +
        "r4,school-a,2,1,2,2,5,4\n" +
        "r5,school-a,5,5,4,5,1,2\n";

    [Fact]
    public async Task Score_takes_version_2_by_default_with_dont_know_answers_scored_as_missing()
    {
        var (exit, output, error) = await RunAsync("score", "--instrument", "staff-readiness", "--input", File(CsvV2), "--min-n", "5", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("instrument").GetProperty("version").GetInt32());
        var competency = root.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal(591 / 610.0, competency.GetProperty("alpha").GetDouble(), 10);
        Assert.Equal(3, competency.GetProperty("n").GetInt32());
        var a = root.GetProperty("schools")[0].GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal(5, a.GetProperty("n").GetInt32());
        Assert.Equal(256 / 75.0, a.GetProperty("mean").GetDouble(), 10);
        Assert.Equal(50.0, a.GetProperty("percentFavorable").GetDouble(), 10);
        Assert.Equal("developing", a.GetProperty("band").GetString());
    }

    [Fact]
    public async Task Dont_know_is_refused_on_an_item_that_does_not_offer_it()
    {
        var (exit, output, error) = await RunAsync("score", "--instrument", "staff-readiness", "--input", File("respondent_id,school_id,competency-1\nr1,a,dk\n"), "--format", "json");

        Assert.Equal((1, ""), (exit, output));
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("competency-1 is 'dk'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instruments_show_names_the_newest_version_and_its_dont_know_items()
    {
        var (exit, output, _) = await RunAsync("instruments", "show", "staff-readiness", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Single(i => i.GetProperty("id").GetString() == "competency-2").GetProperty("dontKnow").GetBoolean());
        Assert.False(items.Single(i => i.GetProperty("id").GetString() == "competency-1").GetProperty("dontKnow").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_version_is_refused_with_the_known_ones()
    {
        var (exit, _, error) = await RunAsync("score", "--instrument", "staff-readiness", "--version", "9", "--input", File(Csv), "--format", "json");

        Assert.Equal(1, exit);
        Assert.Contains("no version 9; versions: 1, 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_higher_min_n_hides_the_larger_school_too()
    {
        var (_, output, _) = await RunAsync("score", "--instrument", "staff-readiness", "--version", "1", "--input", File(Csv), "--min-n", "6", "--format", "json");

        using var json = JsonDocument.Parse(output);
        var a = json.RootElement.GetProperty("schools")[0].GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "competency");
        Assert.Equal((5, true, JsonValueKind.Null), (a.GetProperty("n").GetInt32(), a.GetProperty("suppressed").GetBoolean(), a.GetProperty("mean").ValueKind));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_min_n_under_three_is_refused_before_scoring(string minN)
    {
        var (exit, output, error) = await RunAsync("score", "--instrument", "staff-readiness", "--input", File(Csv), "--min-n", minN, "--format", "json");

        // A usage error: the message on stderr, the command's help and no results on stdout.
        Assert.Equal(1, exit);
        Assert.Contains("--min-n must be 3 or more", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\"schools\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_writes_the_reports_when_asked()
    {
        var output = Path.Combine(_folder, "reports");

        var (exit, _, _) = await RunAsync("score", "--instrument", "staff-readiness", "--version", "1", "--input", File(Csv), "--format", "json", "--output", output);

        Assert.Equal(0, exit);
        Assert.True(System.IO.File.Exists(Path.Combine(output, "school-a.html")));
        Assert.True(System.IO.File.Exists(Path.Combine(output, "school-a.csv")));
        Assert.True(System.IO.File.Exists(Path.Combine(output, "network.html")));
        Assert.DoesNotContain("4.00", System.IO.File.ReadAllText(Path.Combine(output, "school-b.html")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("respondent_id,school_id,competency-1\nr1,a,6\n", "line 2", "competency-1")]
    [InlineData("respondent_id,school_id,competency-1\nr1,a,x\n", "line 2", "whole numbers")]
    [InlineData("respondent_id,school_id,no-such-item\nr1,a,3\n", "line 1", "no-such-item")]
    [InlineData("school_id,respondent_id,competency-1\n", "line 1", "respondent_id,school_id")]
    [InlineData("respondent_id,school_id,competency-1\nr1,a,3\nr1,b,4\n", "line 3", "line 2")]
    [InlineData("respondent_id,school_id,competency-1\nr1,a,3,4\n", "line 2", "number of cells")]
    [InlineData("", "line 1", "empty")]
    public async Task Bad_input_is_a_clear_error_with_its_line_and_exit_code_1(string csv, string line, string mentions)
    {
        var (exit, output, error) = await RunAsync("score", "--instrument", "staff-readiness", "--version", "1", "--input", File(csv), "--format", "json");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains(line, error, StringComparison.Ordinal);
        Assert.Contains(mentions, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_instrument_or_missing_file_is_a_clear_error()
    {
        Assert.Equal(1, (await RunAsync("score", "--instrument", "nope", "--input", File(Csv), "--format", "json")).Exit);
        var missing = await RunAsync("score", "--instrument", "staff-readiness", "--version", "1", "--input", "/no/such/file.csv", "--format", "json");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
