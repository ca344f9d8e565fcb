using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.GetOpenApiDocument;

/// <summary>
/// HTTP GET <c>/api/openapi.json</c>: the OpenAPI 3.1 description of the coach API (<c>openapi.json</c> beside this
/// file), so a district can generate a client or call the API from its own tools. Open to anyone: it describes the
/// API, and every call it describes still needs a coach key.
/// </summary>
public sealed class GetOpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "GetOpenApiDocument", "openapi.json")));

    [Function(nameof(GetOpenApiDocument))]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        Task.FromResult<IResult>(TypedResults.Bytes(Document.Value, "application/json"));
}
