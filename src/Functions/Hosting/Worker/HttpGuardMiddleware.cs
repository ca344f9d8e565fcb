using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ReadinessPipeline.Functions.Hosting.Worker;

/// <summary>
/// Under the Functions host: runs every HTTP function inside <see cref="HttpFunctionGuard"/>. It is registered after
/// the ASP.NET Core integration's proxying middleware, so the request's HttpContext is there to read, and the result it
/// leaves (the function's own, or the guard's refusal or problem) is what that middleware then writes to the response.
/// </summary>
public sealed class HttpGuardMiddleware(HttpFunctionGuard guard) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext()
            ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name}: no HttpContext; is the ASP.NET Core integration configured?");
        var result = await guard.InvokeAsync(http, async () =>
        {
            await next(context);

            // GetInvocationResult() reads the value when called, so it is read again after the function ran.
            var value = context.GetInvocationResult().Value;
            return value as IResult ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} returned {value?.GetType().Name ?? "null"}, not an IResult.");
        });
        context.GetInvocationResult().Value = result;
    }
}
