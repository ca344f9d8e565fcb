using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Surveys.Clustering;

namespace ReadinessPipeline.Cli.Offline;

/// <summary>
/// <c>readiness cluster</c>: clusters the numeric rows of a CSV file offline with the product's clustering engine
/// and prints <c>{"k","inertia","assignments","centroids"}</c> as JSON. Problems go to stderr with exit code 1.
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "CSV file: a header line naming the columns, then one line per row, one number per column (invariant culture, e.g. 3.25). Rows are clustered as they are, without scaling.",
            Required = true,
            CustomParser = Commands.FilePath,
        };
        var k = new Option<int?>("--k") { Description = "Number of clusters (2 or more)." };
        var kRange = new Option<string?>("--k-range") { Description = "Try each k from a to b, written a..b (e.g. 2..6), and keep the one with the highest mean silhouette." };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for KMeans++ and the silhouette sample; the same file and seed always give the same output.",
            DefaultValueFactory = _ => ClusterOptions.Default.Seed,
        };
        var format = new Option<string>("--format") { Description = "Output format; json is the only one.", Required = true };
        format.AcceptOnlyFromAmong("json");

        k.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 2 and var value)
            {
                result.AddError($"--k must be 2 or more, not {value}.");
            }
        });
        kRange.Validators.Add(result =>
        {
            if (KRange.Parse(result.GetValueOrDefault<string?>()) is { Error: { } error })
            {
                result.AddError(error);
            }
        });

        var command = new Command("cluster", "Cluster the numeric rows of a CSV file (KMeans++ with restarts, fixed seed) and print k, inertia, assignments and centroids as JSON.")
        {
            input, k, kRange, seed, format,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(k) is null) == (result.GetResult(kRange) is null))
            {
                result.AddError("Give exactly one of --k <k> and --k-range <a>..<b>.");
            }
        });
        command.SetAction(result =>
        {
            var range = result.GetValue(k) is { } fixedK ? (Min: fixedK, Max: fixedK) : KRange.Parse(result.GetValue(kRange)).Range;
            return Run(result.GetValue(input)!, range.Min, range.Max, new ClusterOptions { Seed = result.GetValue(seed) });
        });
        return command;
    }

    private static int Run(FileInfo input, int kMin, int kMax, ClusterOptions options)
    {
        var path = InputFile.Shown(input.FullName);
        VectorTable table;
        try
        {
            table = VectorCsv.Read(new StringReader(InputFile.ReadText(input)));
        }
        catch (CliException e)
        {
            return Offline.Fail(e.Message);
        }
        catch (FormatException e)
        {
            return Offline.Fail($"{path}: {e.Message}");
        }

        ClusteringResult result;
        try
        {
            result = kMin == kMax
                ? KMeansClusterer.Cluster(table.Rows, kMin, options)
                : KMeansClusterer.ClusterBestK(table.Rows, kMin, kMax, options);
        }
        catch (ArgumentException e)
        {
            // Only values beyond single precision (about 3.4e38) get past the reader to here.
            return Offline.Fail($"{path}: {e.Message}");
        }

        if (result is not Clustered clusters)
        {
            return Offline.Fail($"{path}: {((NotClustered)result).Reason}");
        }

        Console.Out.WriteLine(Json(clusters));
        return 0;
    }

    private static string Json(Clustered clusters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("k", clusters.K);
            json.WriteNumber("inertia", clusters.Inertia);
            json.WriteStartArray("assignments");
            foreach (var cluster in clusters.Assignments)
            {
                json.WriteNumberValue(cluster);
            }

            json.WriteEndArray();
            json.WriteStartArray("centroids");
            foreach (var centroid in clusters.Centroids)
            {
                json.WriteStartArray();
                foreach (var value in centroid)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>"a..b" with 2 &lt;= a &lt;= b.</summary>
    private readonly record struct KRange((int Min, int Max) Range, string? Error)
    {
        public static KRange Parse(string? text)
        {
            var parts = (text ?? "").Split("..");
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                return min < 2 ? new((0, 0), $"--k-range must start at 2 or more, not {min}.")
                    : max < min ? new((0, 0), $"--k-range {text} is empty: {max} is below {min}.")
                    : new((min, max), null);
            }

            return new((0, 0), $"--k-range must be two whole numbers written a..b, like 2..6, not '{text}'.");
        }
    }
}
