using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>A function as declared by its <c>function.json</c>: the folder name and its trigger binding.</summary>
public sealed record FunctionDefinition(string Name, string TriggerType, string BindingName, string? QueueName, string? Schedule, string? Route, IReadOnlyList<string> Methods);

/// <summary>The <c>extensions.queues</c> settings of host.json, with the host's defaults where a value is absent.</summary>
public sealed record QueueSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval);

/// <summary>What the Functions host would read from the app folder: host.json and every <c>&lt;Name&gt;/function.json</c>.</summary>
public sealed record FunctionManifest(QueueSettings Queues, IReadOnlyList<FunctionDefinition> Functions)
{
    public static FunctionManifest Load(string appDirectory)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")))
            ?? throw new InvalidOperationException("host.json is empty.");
        var queues = host["extensions"]?["queues"];
        var settings = new QueueSettings(
            queues?["batchSize"]?.GetValue<int>() ?? 16,
            queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            TimeSpanOr(queues?["visibilityTimeout"], TimeSpan.Zero),
            TimeSpanOr(queues?["maxPollingInterval"], TimeSpan.FromMinutes(1)));

        var functions = new List<FunctionDefinition>();
        foreach (var file in Directory.GetFiles(appDirectory, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var trigger = document.RootElement.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            functions.Add(new FunctionDefinition(
                name,
                trigger.GetProperty("type").GetString()!,
                trigger.GetProperty("name").GetString()!,
                Optional(trigger, "queueName"),
                Optional(trigger, "schedule"),
                Optional(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!)] : []));
        }

        return new FunctionManifest(settings, functions);
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static TimeSpan TimeSpanOr(JsonNode? node, TimeSpan fallback) =>
        node is null ? fallback : TimeSpan.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
}
