using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>One function as the SDK's <c>functions.metadata</c> describes it: its method and its trigger binding.</summary>
public sealed record FunctionEntry(
    string Name,
    string EntryPoint,
    string TriggerType,
    string BindingName,
    string? QueueName,
    string? Schedule,
    string? Route,
    IReadOnlyList<string> Methods)
{
    public bool IsHttp => TriggerType == "httpTrigger";
}

/// <summary>The <c>extensions.queues</c> settings of host.json, with the host's defaults where a value is absent.</summary>
public sealed record QueueSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval);

/// <summary>
/// What the Functions host would learn from the app folder: the functions the SDK generated into
/// <c>functions.metadata</c> at build time (the one description of the functions), and host.json's route prefix and
/// queue settings. Standalone mode serves and triggers exactly these.
/// </summary>
public sealed record FunctionIndex(string RoutePrefix, QueueSettings Queues, IReadOnlyList<FunctionEntry> Functions)
{
    public const string MetadataFile = "functions.metadata";

    public static FunctionIndex Load(string appDirectory)
    {
        var metadataPath = Path.Combine(appDirectory, MetadataFile);
        if (!File.Exists(metadataPath))
        {
            throw new InvalidOperationException($"{metadataPath} is missing: build the Functions project (the Functions SDK writes it) before running it standalone.");
        }

        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")))
            ?? throw new InvalidOperationException("host.json is empty.");
        var queues = host["extensions"]?["queues"];
        var settings = new QueueSettings(
            queues?["batchSize"]?.GetValue<int>() ?? 16,
            queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            TimeSpanOr(queues?["visibilityTimeout"], TimeSpan.Zero),
            TimeSpanOr(queues?["maxPollingInterval"], TimeSpan.FromMinutes(1)));
        var routePrefix = host["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";

        using var document = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var functions = new List<FunctionEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            functions.Add(new FunctionEntry(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                trigger.GetProperty("name").GetString()!,
                Optional(trigger, "queueName"),
                Optional(trigger, "schedule"),
                Optional(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())] : []));
        }

        return new FunctionIndex(routePrefix, settings, [.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)]);
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static TimeSpan TimeSpanOr(JsonNode? node, TimeSpan fallback) =>
        node is null ? fallback : TimeSpan.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
}
