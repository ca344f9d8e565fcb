using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions;
using ReadinessPipeline.Functions.Hosting.Standalone;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>
/// host.json and the generated functions.metadata are what the Functions host expects, and standalone mode serves and
/// triggers exactly the functions the metadata lists, refusing at start a method it could not call.
/// </summary>
public class FunctionLayoutTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string AppDirectory = AppContext.BaseDirectory;

    [Fact]
    public async Task Host_json_is_valid_against_the_host_schema_and_keeps_the_queue_settings()
    {
        var json = File.ReadAllText(Path.Combine(AppDirectory, "host.json"));
        var host = JsonNode.Parse(json)!;

        Assert.Empty(await Contracts.ValidateAsync("host.schema.json", json));
        Assert.Null(host["customHandler"]);
        Assert.Equal("00:30:00", host["functionTimeout"]!.GetValue<string>());
        var index = FunctionIndex.Load(AppDirectory);
        Assert.Equal("api", index.RoutePrefix);
        Assert.Equal(new QueueSettings(16, 5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), index.Queues);
    }

    [Fact]
    public void Host_json_keeps_the_host_from_logging_request_urls_which_carry_survey_and_report_tokens()
    {
        var levels = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, "host.json")))!["logging"]!["logLevel"]!;

        // Host.Results becomes Application Insights' requests table, with the URL; older hosts' SystemTraceMiddleware
        // wrote the path of every request.
        Assert.Equal("None", levels["Host.Results"]!.GetValue<string>());
        Assert.Equal("None", levels["Microsoft.Azure.WebJobs.Script.WebHost.Middleware.SystemTraceMiddleware"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_function_in_the_metadata_has_bindings_valid_against_the_function_schema()
    {
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, FunctionIndex.MetadataFile)))!.AsArray();

        Assert.True(functions.Count >= 25, $"only {functions.Count} functions in the metadata");
        foreach (var function in functions)
        {
            var errors = await Contracts.ValidateAsync("function.schema.json", Contracts.AsFunctionJson(function!));
            Assert.True(errors.Count == 0, $"{function!["name"]}: {string.Join("; ", errors)}");
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
    public void Every_HTTP_function_is_served_standalone_at_the_address_the_host_gives_it_and_nothing_else_is()
    {
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        var functions = FunctionIndex.Load(AppDirectory).Functions;

        foreach (var function in functions.Where(f => f.IsHttp))
        {
            Assert.Contains(endpoints, e => e.Route == "/api/" + function.Route && e.Methods.SequenceEqual(function.Methods));
        }

        Assert.Equal(functions.Count(f => f.IsHttp), endpoints.Count);
        Assert.DoesNotContain(endpoints, e => functions.Any(f => !f.IsHttp && e.Route.Contains(f.Name, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_function_in_the_metadata_can_be_invoked_standalone()
    {
        var index = FunctionIndex.Load(AppDirectory);

        var invoker = new FunctionInvoker(index, typeof(FunctionsApp).Assembly);

        Assert.Equal(index.Functions.Count, invoker.Index.Functions.Count);
        Assert.Equal(["httpTrigger", "queueTrigger", "timerTrigger"], index.Functions.Select(f => f.TriggerType).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(nameof(BadFunctions.TakesAQueryValue), "httpTrigger", "parameter 'lang' (String) cannot be supplied")]
    [InlineData(nameof(BadFunctions.ReturnsAString), "httpTrigger", "returns Task<IResult>")]
    [InlineData(nameof(BadFunctions.TakesATypedMessage), "queueTrigger", "parameter 'message' (Int32) cannot be supplied")]
    [InlineData("Missing", "timerTrigger", "is not one public method")]
    public void A_method_standalone_cannot_call_stops_the_start_naming_the_function(string method, string trigger, string why)
    {
        var entry = new FunctionEntry("Broken", typeof(BadFunctions).FullName + "." + method, trigger, trigger == "httpTrigger" ? "request" : "message", "q", "0 * * * * *", "surveys/{token}", ["GET"]);

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionInvoker(new FunctionIndex("api", new QueueSettings(16, 5, TimeSpan.Zero, TimeSpan.FromMinutes(1)), [entry]), typeof(BadFunctions).Assembly));

        Assert.StartsWith("Function Broken cannot run standalone:", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_queue_trigger_listens_on_a_queue_the_app_creates()
    {
        var queues = FunctionIndex.Load(AppDirectory).Functions.Where(f => f.TriggerType == "queueTrigger").Select(f => f.QueueName!).ToList();

        Assert.Equal(StorageNames.AllQueues.Order(), queues.Order());
    }

    /// <summary>Methods outside the signature rules of standalone mode.</summary>
    public static class BadFunctions
    {
        public static Task<IResult> TakesAQueryValue(HttpRequest request, string lang) => Task.FromResult(Results.Ok(lang));

        public static Task<string> ReturnsAString(HttpRequest request) => Task.FromResult(request.Path.ToString());

        public static Task TakesATypedMessage(int message, FunctionContext context) => Task.FromResult(message);
    }
}
