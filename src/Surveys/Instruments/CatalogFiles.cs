using System.Text.Json.Serialization;

namespace ReadinessPipeline.Surveys.Instruments;

// The shapes of the JSON data files. A framework or instrument is one structure file plus one text file
// per language (text.en.json, text.es.json, ...), so adding a language is adding files, not code.

internal sealed record FrameworkFile(
    string Id,
    int Version,
    List<FrameworkDimensionFile> Dimensions,
    List<BandFile> Bands,
    Dictionary<string, List<PracticeFile>>? Practices);

internal sealed record PracticeFile(string Id, List<string>? Bands, List<string>? After);

internal sealed record FrameworkDimensionFile(string Id, string Kind);

internal sealed record BandFile(string Id, double MinMean);

internal sealed record FrameworkTextFile(
    string Language,
    string Name,
    Dictionary<string, NamedTextFile> Dimensions,
    Dictionary<string, BandTextFile> Bands,
    Dictionary<string, PracticeTextFile>? Practices);

internal sealed record NamedTextFile(string Name, string Summary);

internal sealed record BandTextFile(string Label, string Meaning);

internal sealed record PracticeTextFile(string Title, string Description, string? Owner = null, string? FirstStep = null, string? Evidence = null);

internal sealed record InstrumentFile(
    string Id,
    int Version,
    string Framework,
    string Audience,
    string? GradeBand,
    ScaleFile Scale,
    List<ScaleDimensionFile>? Scales,
    List<ItemFile> Items,
    List<OpenPromptFile>? OpenPrompts);

internal sealed record ScaleFile(int Min, int Max);

internal sealed record ScaleDimensionFile(string Id);

internal sealed record ItemFile(string Id, string Dimension, bool Reverse, int? Min, int? Max, bool Required = false, bool DontKnow = false, string? Parallel = null, string? Labels = null);

internal sealed record OpenPromptFile(string Id, int MaxLength);

internal sealed record InstrumentTextFile(
    string Language,
    string Title,
    string Introduction,
    List<string> ScaleLabels,
    Dictionary<string, NamedTextFile>? Scales,
    Dictionary<string, string> Items,
    Dictionary<string, string>? OpenPrompts,
    Dictionary<string, string>? Sections = null,
    Dictionary<string, List<string>>? LabelSets = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FrameworkFile))]
[JsonSerializable(typeof(FrameworkTextFile))]
[JsonSerializable(typeof(InstrumentFile))]
[JsonSerializable(typeof(InstrumentTextFile))]
internal sealed partial class CatalogJson : JsonSerializerContext;
