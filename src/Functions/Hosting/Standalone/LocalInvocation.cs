using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>
/// One queue or timer invocation in this process, as the host would make it: a service scope and
/// <see cref="FunctionContext"/> of its own, run inside <see cref="TriggerInvocations"/>. The local trigger runner
/// invokes through it, and so can a test that fires a timer at a moment of its choosing.
/// </summary>
public sealed class LocalInvocation(FunctionInvoker invoker, TriggerInvocations invocations, IServiceScopeFactory scopes)
{
    /// <summary>False when the function failed (<see cref="TriggerInvocations"/> has logged why).</summary>
    public async Task<bool> InvokeAsync(FunctionEntry function, object trigger, IReadOnlyDictionary<string, object?> metadata, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, metadata, cancellationToken);
        try
        {
            await invocations.RunAsync(context, () => invoker.InvokeTriggerAsync(function, trigger, context));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs timer function <paramref name="name"/> once, now.</summary>
    public Task<bool> FireTimerAsync(string name, TimerInfo timer, CancellationToken cancellationToken) =>
        InvokeAsync(invoker.Index.Functions.Single(f => f.Name == name && f.TriggerType == "timerTrigger"), timer, new Dictionary<string, object?>(), cancellationToken);
}
