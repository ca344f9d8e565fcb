using System.Text.Json.Nodes;
using NJsonSchema;

namespace ReadinessPipeline.Tests.Infrastructure;

/// <summary>
/// The external contracts (JSON schemas of host.json and function.json, SendGrid's mail-send API, the Functions
/// host-worker gRPC protocol), copied into <c>tests/contracts</c> with their sources and licences noted beside them;
/// READINESS_CONTRACTS can point elsewhere.
/// </summary>
public static class Contracts
{
    public static string Directory
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("READINESS_CONTRACTS") is { Length: > 0 } custom
                ? custom
                : Path.Combine(TestAzurite.RepositoryRoot(), "tests", "contracts");
            return File.Exists(Path.Combine(folder, "host.schema.json"))
                ? folder
                : throw new InvalidOperationException($"The contract schemas were not found in {folder}.");
        }
    }

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>
    /// Loads a schema. function.schema.json declares draft-04 but uses draft-06 <c>const</c> in one branch of
    /// sqlBinding; a draft-04 validator ignores <c>const</c>, which makes that branch accept every binding and every
    /// queue trigger fail its <c>oneOf</c>. <c>const: x</c> means exactly <c>enum: [x]</c>, so it is rewritten so.
    /// </summary>
    public static Task<JsonSchema> SchemaAsync(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(PathOf(file)))!;
        ConstToEnum(node);
        return JsonSchema.FromJsonAsync(node.ToJsonString(), PathOf(file));
    }

    private static void ConstToEnum(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj["const"] is { } value)
            {
                obj.Remove("const");
                obj["enum"] = new JsonArray(value.DeepClone());
            }

            foreach (var child in obj.Select(p => p.Value).ToList())
            {
                ConstToEnum(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                ConstToEnum(child);
            }
        }
    }

    /// <summary>
    /// One function of the SDK's <c>functions.metadata</c> as the function.json its schema describes: its bindings, with
    /// the enum values the SDK writes capitalised (<c>In</c>, <c>Anonymous</c>, <c>String</c>) in the lower case the
    /// schema lists (the host reads them either way), and without the SDK's own <c>properties</c> bag.
    /// </summary>
    public static string AsFunctionJson(JsonNode function)
    {
        var bindings = new JsonArray();
        foreach (var binding in function["bindings"]!.AsArray())
        {
            var copy = binding!.DeepClone().AsObject();
            copy.Remove("properties");
            foreach (var key in new[] { "direction", "authLevel", "dataType" })
            {
                if (copy[key] is { } value)
                {
                    copy[key] = value.GetValue<string>().ToLowerInvariant();
                }
            }

            bindings.Add(copy);
        }

        return new JsonObject { ["bindings"] = bindings }.ToJsonString();
    }

    /// <summary>Schema violations of a JSON document, as readable lines (empty when valid).</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string schemaFile, string json) =>
        Violations(await SchemaAsync(schemaFile), json);

    /// <summary>Schema violations of a JSON document, as readable lines (empty when valid).</summary>
    public static IReadOnlyList<string> Violations(JsonSchema schema, string json) =>
        [.. schema.Validate(json).Select(e => $"{e.Path}: {e.Kind} {e.Property}")];

    /// <summary>The request body SendGrid's <c>POST /v3/mail/send</c> takes, from its OpenAPI document.</summary>
    public static Task<JsonSchema> MailSendRequestSchemaAsync() =>
        RequestBodySchemaAsync("sendgrid-mail-v3.openapi.json", "/v3/mail/send", "post");

    /// <summary>
    /// The JSON request-body schema of one operation in an OpenAPI document, made standalone for NJsonSchema: it
    /// resolves refs only within a JSON Schema, so the document's <c>components/schemas</c> travel along as
    /// <c>definitions</c> and every <c>#/components/schemas/X</c> ref is rewritten to <c>#/definitions/X</c>.
    /// </summary>
    public static Task<JsonSchema> RequestBodySchemaAsync(string openApiFile, string path, string method)
    {
        var document = JsonNode.Parse(File.ReadAllText(PathOf(openApiFile)))!;
        var requestBody = Dereference(document, document["paths"]![path]![method]!["requestBody"]!);
        var schema = requestBody["content"]!["application/json"]!["schema"]!.DeepClone().AsObject();
        schema["definitions"] = document["components"]?["schemas"]?.DeepClone() ?? new JsonObject();
        RewriteSchemaRefs(schema);
        return JsonSchema.FromJsonAsync(schema.ToJsonString(), PathOf(openApiFile));
    }

    private static JsonNode Dereference(JsonNode document, JsonNode node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } pointer)
        {
            return node;
        }

        var target = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(document, (current, segment) => current[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"{pointer} does not resolve."));
        return Dereference(document, target);
    }

    private static void RewriteSchemaRefs(JsonNode? node)
    {
        const string Components = "#/components/schemas/";
        if (node is JsonObject obj)
        {
            if (obj["$ref"]?.GetValue<string>() is { } reference)
            {
                obj["$ref"] = reference.StartsWith(Components, StringComparison.Ordinal)
                    ? "#/definitions/" + reference[Components.Length..]
                    : throw new InvalidOperationException($"A request-body schema refers outside components/schemas: {reference}");
            }

            foreach (var child in obj.Select(p => p.Value).ToList())
            {
                RewriteSchemaRefs(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                RewriteSchemaRefs(child);
            }
        }
    }
}
