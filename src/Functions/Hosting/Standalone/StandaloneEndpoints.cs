namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>
/// Without a Functions host: every HTTP function in <c>functions.metadata</c> becomes an endpoint at the address the
/// host would give it (<c>/{routePrefix}/{route}</c>, same methods), run inside the same <see cref="HttpFunctionGuard"/>
/// as under the host. Queue and timer functions get no address; the local trigger runner invokes them.
/// </summary>
public static class StandaloneEndpoints
{
    public static void MapFunctions(this IEndpointRouteBuilder app, FunctionInvoker invoker)
    {
        foreach (var function in invoker.Index.Functions.Where(f => f.IsHttp))
        {
            var pattern = $"/{invoker.Index.RoutePrefix}/{function.Route ?? function.Name}";
            app.MapMethods(pattern, function.Methods, http => RunAsync(http, function, invoker)).WithDisplayName(function.Name);
        }
    }

    private static async Task RunAsync(HttpContext http, FunctionEntry function, FunctionInvoker invoker)
    {
        var guard = http.RequestServices.GetRequiredService<HttpFunctionGuard>();
        var result = await guard.InvokeAsync(http, () => invoker.InvokeHttpAsync(function, http));
        await result.ExecuteAsync(http);
    }
}
