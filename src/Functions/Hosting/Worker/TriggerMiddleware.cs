using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ReadinessPipeline.Functions.Hosting.Worker;

/// <summary>Under the Functions host: runs every queue and timer function inside <see cref="TriggerInvocations"/>.</summary>
public sealed class TriggerMiddleware(TriggerInvocations invocations) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) => invocations.RunAsync(context, () => next(context));
}
