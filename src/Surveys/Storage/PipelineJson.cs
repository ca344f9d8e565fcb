using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>The one JSON shape of everything the pipeline stores or queues: camelCase, enums as strings.</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static BinaryData Serialize<T>(T value) => BinaryData.FromObjectAsJson(value, Options);

    public static T Deserialize<T>(BinaryData data) =>
        data.ToObjectFromJson<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}
