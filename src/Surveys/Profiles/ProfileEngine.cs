using System.Globalization;
using System.Text;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Clustering;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Reports;
using ReadinessPipeline.Surveys.Scoring;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>A file of a round's reports (<c>reports/{round}/{Name}</c>) or models (<c>models/{round}/{Name}</c>), ready to store.</summary>
public sealed record ReportFile(string Name, BinaryData Content, string ContentType);

/// <summary>A clustering with the rows it was fitted on, kept beside the model so a round's profiles can be reproduced.</summary>
public sealed record ModelFiles(string Name, ClusteringResult Result, string InputCsv)
{
    /// <summary>The input CSV, and the model when there was one.</summary>
    public IEnumerable<ReportFile> Files()
    {
        yield return new ReportFile($"{Name}-input.csv", BinaryData.FromString(InputCsv), "text/csv");
        if (Result is Clustered clustered)
        {
            yield return new ReportFile($"{Name}-model.zip", new BinaryData(clustered.ToModel().Zip), "application/zip");
        }
    }
}

/// <summary>Each school's readiness profile, the note the network report explains them with, and the model (none when nothing could be clustered).</summary>
public sealed record SchoolProfiles(IReadOnlyDictionary<string, ProfileAssignment> Assignments, ReportNote Note, ModelFiles? Model);

/// <summary>How many of each school's staff fall in each persona (none when there were too few to cluster), and the model.</summary>
public sealed record StaffPersonas(PersonaCounts? Counts, ModelFiles Model);

/// <summary>
/// The part of building a round's profiles that touches no storage: school profiles and staff personas from the
/// aggregates, and every report file from the report inputs. <see cref="RoundProfiler"/> reads and writes around it;
/// the profile benchmark runs it at statewide scale. Every output is a pure function of its inputs (clustering uses
/// fixed seeds), so files can be produced in any order, in parallel, and a rebuild gives the same bytes.
/// </summary>
public static class ProfileEngine
{
    private static readonly JsonSerializerOptions Json = new(PipelineJson.Options) { WriteIndented = true };

    /// <summary>
    /// Clusters schools on their staff means over the ten dimensions, this round's and earlier rounds' together, so a
    /// profile means the same from round to round; schools need the school floor of staff with a score on every
    /// dimension. Too few schools to cluster: each school's profile is its overall readiness band.
    /// </summary>
    public static SchoolProfiles ProfileSchools(Round round, Framework framework, IReadOnlyList<Instrument> instruments, RoundAggregates current, IReadOnlyList<TrendData> history, PrivacyFloors floors, ReportText? words = null)
    {
        words ??= ReportText.Default;
        var staff = instruments.FirstOrDefault(i => i.Audience == Audience.Staff);
        var dimensions = framework.Dimensions;
        var names = dimensions.Select(d => d.Name.In("en")).ToList();
        IEnumerable<(string RoundId, string SchoolId, double[] Vector)> Vectors(string roundId, IEnumerable<GroupAggregate> groups) =>
            groups.Where(g => g.InstrumentId == staff?.Id && g.Respondents >= floors.School)
                .Select(g => (roundId, g.SchoolId, Vector: dimensions.Select(d => g.Find(d.Id) is { N: var n, Mean: { } mean } && n >= floors.School ? mean : double.NaN).ToArray()))
                .Where(v => v.Vector.All(double.IsFinite));

        var rows = history.SelectMany(h => Vectors(h.RoundId, h.Groups)).Concat(Vectors(round.Id, current.Groups)).ToList();
        var thisRound = rows.Select((row, index) => (row, index)).Where(p => p.row.RoundId == round.Id).ToList();
        var profiles = new Dictionary<string, ProfileAssignment>(StringComparer.Ordinal);
        if (staff is null || thisRound.Count == 0)
        {
            return new SchoolProfiles(profiles, new ReportNote("network.profileNote.none"), null);
        }

        var result = KMeansClusterer.ClusterBestK([.. rows.Select(r => r.Vector)], 2, 5);
        var model = new ModelFiles("schools", result, InputCsv(["round_id", "school_id", .. dimensions.Select(d => d.Id)], rows.Select(r => (IEnumerable<string>)[r.RoundId, r.SchoolId, .. r.Vector.Select(Number)])));
        if (result is not Clustered clustered)
        {
            var tooFew = (NotClustered)result;
            var reason = new ReportNote("network.profileNote.fallback", ("distinct", tooFew.DistinctRows), ("required", tooFew.RequiredDistinctRows));
            foreach (var (row, _) in thisRound)
            {
                profiles[row.SchoolId] = ProfileNaming.BandFallback(framework, row.Vector.Average(), "", words);
            }

            return new SchoolProfiles(profiles, reason, model);
        }

        var clusterNames = words.Languages.ToDictionary(
            language => language,
            language => ClusterNames.NameAll(clustered.Centroids, [.. dimensions.Select(d => d.Name.In(language))], clustered.OverallMeans, ProfileNaming.Levels(framework, language), ProfileNaming.Phrases(words, language)),
            StringComparer.Ordinal);
        foreach (var (row, index) in thisRound)
        {
            var cluster = clustered.Assignments[index];
            var texts = words.Languages.ToDictionary(
                language => language,
                language => new ProfileText(clusterNames[language][cluster], ProfileNaming.SchoolMeaning(framework, clustered.Centroids[cluster], clustered.OverallMeans, words, language)),
                StringComparer.Ordinal);
            profiles[row.SchoolId] = new ProfileAssignment(texts["en"].Name, texts["en"].Meaning, true) { Texts = texts };
        }

        var note = history.Count switch { 0 => "network.profileNote.clustered", 1 => "network.profileNote.clusteredWithOne", _ => "network.profileNote.clusteredWithMany" };
        return new SchoolProfiles(profiles, new ReportNote(note, ("k", clustered.K), ("earlier", history.Count), ("results", rows.Count), ("silhouette", clustered.Silhouette?.ToString("0.00", CultureInfo.InvariantCulture) ?? "")), model);
    }

    /// <summary>
    /// Staff personas clustered on how far practice has come and how ready each person is to go further (see
    /// <see cref="RespondentVector"/>), so both show; a school's mix counts its staff per persona. Names are given at
    /// report time, in the report's language (<see cref="PersonaNames"/>).
    /// </summary>
    public static StaffPersonas Personas(RoundAggregates current)
    {
        // In a fixed order (school, then values), so personas do not depend on the order responses were read in: a
        // rebuild that reads late-scored submissions at other places still gives the same personas.
        var vectors = current.StaffVectors
            .OrderBy(v => v.SchoolId, StringComparer.Ordinal)
            .ThenBy(v => v.Values, Comparer<double[]>.Create(static (a, b) => a.Zip(b).Select(p => p.First.CompareTo(p.Second)).FirstOrDefault(c => c != 0)))
            .ToList();
        var result = KMeansClusterer.ClusterBestK([.. vectors.Select(v => v.Values)], 2, 5);
        var model = new ModelFiles("personas", result, InputCsv(["school_id", .. current.StaffVectorDimensions], vectors.Select(v => (IEnumerable<string>)[v.SchoolId, .. v.Values.Select(Number)])));
        if (result is not Clustered clustered)
        {
            return new StaffPersonas(null, model);
        }

        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (var i = 0; i < vectors.Count; i++)
        {
            if (!counts.TryGetValue(vectors[i].SchoolId, out var perPersona))
            {
                counts[vectors[i].SchoolId] = perPersona = new int[clustered.K];
            }

            perPersona[clustered.Assignments[i]]++;
        }

        return new StaffPersonas(new PersonaCounts(current.StaffVectorDimensions, [.. clustered.Centroids.Select(c => c.ToArray())], counts), model);
    }

    /// <summary>
    /// A school's report data and full HTML page (charts as inline SVG) in the school's report language, and the full
    /// page in each other language as <c>report.&lt;lang&gt;.html</c>. The email's PNG radar chart and its CSV
    /// attachment are made when the email is sent (<see cref="ReportMailer"/>), from the report data: nothing else reads
    /// them, so storing them would only be two more writes per school at every close.
    /// </summary>
    public static async Task<IReadOnlyList<ReportFile>> SchoolFilesAsync(ProfileInputs inputs, School school, ReportRenderer renderer)
    {
        var report = ProfileBuilder.School(inputs, school);
        var folder = ReportStore.SchoolTarget(school.Id);
        var files = new List<ReportFile>
        {
            JsonFile($"{folder}/report.json", report),
            new($"{folder}/report.html", BinaryData.FromString(await renderer.SchoolPageAsync(report, inputs.Framework)), "text/html; charset=utf-8"),
        };
        foreach (var language in inputs.Words.Languages.Where(l => l != report.Language))
        {
            var other = ProfileBuilder.School(inputs, school, language);
            files.Add(new($"{folder}/{ReportPageName(language)}", BinaryData.FromString(await renderer.SchoolPageAsync(other, inputs.Framework)), "text/html; charset=utf-8"));
        }

        return files;
    }

    /// <summary>The file of a school's full page in a language other than its report language.</summary>
    public static string ReportPageName(string language) => $"report.{language}.html";

    /// <summary>The coaches' network summary: data, full HTML page, all-schools CSV and (when any school has staff means) heatmap.</summary>
    public static async Task<IReadOnlyList<ReportFile>> NetworkFilesAsync(ProfileInputs inputs, ReportRenderer renderer)
    {
        var summary = ProfileBuilder.Network(inputs);
        var heatmap = ReportCharts.Heatmap(summary);
        var files = new List<ReportFile>
        {
            JsonFile($"{ReportStore.NetworkTarget}/report.json", summary),
            new($"{ReportStore.NetworkTarget}/report.html", BinaryData.FromString(await renderer.NetworkPageAsync(summary)), "text/html; charset=utf-8"),
            new($"{ReportStore.NetworkTarget}/schools.csv", new BinaryData(ReportRenderer.NetworkCsv(summary)), "text/csv"),
        };
        if (heatmap is not null)
        {
            files.Add(new($"{ReportStore.NetworkTarget}/heatmap.png", new BinaryData(heatmap), "image/png"));
        }

        return files;
    }

    /// <summary>Indented JSON with the pipeline's naming, as every report data file is written.</summary>
    public static ReportFile JsonFile<T>(string name, T value) =>
        new(name, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(value, Json)), "application/json");

    private static string InputCsv(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var csv = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
