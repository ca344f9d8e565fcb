using Microsoft.AspNetCore.Routing;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>host.json and every function.json are what the Functions host expects, and each maps to a handler endpoint.</summary>
public class FunctionLayoutTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string AppDirectory = AppContext.BaseDirectory;

    [Fact]
    public async Task Host_json_is_valid_against_the_host_schema()
    {
        var errors = await Contracts.ValidateAsync("host.schema.json", File.ReadAllText(Path.Combine(AppDirectory, "host.json")));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_function_json_is_valid_against_the_function_schema()
    {
        var files = Directory.GetFiles(AppDirectory, "function.json", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var errors = await Contracts.ValidateAsync("function.schema.json", File.ReadAllText(file));
            Assert.True(errors.Count == 0, $"{file}: {string.Join("; ", errors)}");
        }
    }

    [Theory]
    [InlineData("""{"bindings":[{"type":"queueTrigger","direction":"sideways","name":"m","queueName":"q"}]}""")]
    [InlineData("""{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","methods":["fetch"]}]}""")]
    [InlineData("""{"bindings":[{"type":"timerTrigger","direction":"out","name":"t","schedule":"0 */5 * * * *"}]}""")]
    public async Task The_schema_check_can_fail(string functionJson)
    {
        Assert.NotEmpty(await Contracts.ValidateAsync("function.schema.json", functionJson));
    }

    [Fact]
    public void Host_json_turns_on_request_proxying_and_names_the_handler()
    {
        var manifest = FunctionManifest.Load(AppDirectory);
        var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppDirectory, "host.json"))).RootElement;

        Assert.True(host.GetProperty("customHandler").GetProperty("enableProxyingHttpRequest").GetBoolean());
        var handler = host.GetProperty("customHandler").GetProperty("description");
        Assert.Equal("dotnet", handler.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(["ReadinessPipeline.Functions.dll"], handler.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal(5, manifest.Queues.MaxDequeueCount);
    }

    [Fact]
    public void Every_function_has_an_endpoint_at_the_path_the_host_calls()
    {
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();

        foreach (var function in FunctionManifest.Load(AppDirectory).Functions)
        {
            if (function.TriggerType == "httpTrigger")
            {
                // Proxying forwards the request to the same path: /api/<route>.
                Assert.Contains(endpoints, e => e.Route == "/api/" + function.Route && function.Methods.All(m => e.Methods.Contains(m.ToUpperInvariant())));
            }
            else
            {
                // Queue and timer invocations are POSTed to /<FunctionName>.
                Assert.Contains(endpoints, e => e.Route == "/" + function.Name && e.Methods.Contains("POST"));
            }
        }
    }

    [Fact]
    public void Every_queue_trigger_listens_on_a_queue_the_app_creates()
    {
        var queues = FunctionManifest.Load(AppDirectory).Functions.Where(f => f.TriggerType == "queueTrigger").Select(f => f.QueueName!).ToList();

        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.Contains(q, StorageNames.AllQueues));
    }
}
