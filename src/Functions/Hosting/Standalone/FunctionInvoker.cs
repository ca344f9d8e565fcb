using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>
/// Calls the <c>[Function]</c> methods that <c>functions.metadata</c> names, without a Functions host: a new instance
/// of the function's class per call (as the worker's activator makes one), with each parameter supplied the way the
/// worker would. Only what both modes can supply is allowed: an HTTP function takes its <see cref="HttpRequest"/>,
/// route values by name and a <see cref="CancellationToken"/> and returns <c>Task&lt;IResult&gt;</c>; a queue function
/// takes the message as a string and its <see cref="FunctionContext"/>; a timer function its <see cref="TimerInfo"/>
/// and <see cref="FunctionContext"/>. A method outside these rules stops the start, naming the function.
/// </summary>
public sealed partial class FunctionInvoker
{
    private readonly Dictionary<string, Bound> _functions;

    public FunctionInvoker(FunctionIndex index, Assembly assembly)
    {
        _functions = index.Functions.ToDictionary(f => f.Name, f => Bind(f, assembly), StringComparer.Ordinal);
        Index = index;
    }

    public FunctionIndex Index { get; }

    /// <summary>Runs an HTTP function for <paramref name="http"/> with the request's services.</summary>
    public async Task<IResult> InvokeHttpAsync(FunctionEntry function, HttpContext http)
    {
        var bound = _functions[function.Name];
        var arguments = bound.Sources.Select(source => source.Kind switch
        {
            Source.Request => http.Request,
            Source.RouteValue => http.Request.RouteValues[source.Name!] as string,
            _ => (object?)http.RequestAborted,
        }).ToArray();
        return await (Task<IResult>)Call(bound, http.RequestServices, arguments);
    }

    /// <summary>Runs a queue or timer function with its trigger value (the message text, or a <see cref="TimerInfo"/>).</summary>
    public Task InvokeTriggerAsync(FunctionEntry function, object trigger, FunctionContext context)
    {
        var bound = _functions[function.Name];
        var arguments = bound.Sources.Select(source => source.Kind == Source.Trigger ? trigger : context).ToArray();
        return (Task)Call(bound, context.InstanceServices, arguments);
    }

    private static object Call(Bound bound, IServiceProvider services, object?[] arguments)
    {
        var instance = bound.Method.IsStatic ? null : bound.Create!(services, []);

        // DoNotWrapExceptions: a throw before the method's first await reaches the caller as the function's own exception.
        return bound.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
    }

    private static Bound Bind(FunctionEntry function, Assembly assembly)
    {
        var split = function.EntryPoint.LastIndexOf('.');
        var type = split > 0 ? assembly.GetType(function.EntryPoint[..split]) : null;
        var methods = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.Name == function.EntryPoint[(split + 1)..]).ToList() ?? [];
        if (methods.Count != 1)
        {
            throw Refuse(function, $"its entry point {function.EntryPoint} is not one public method of {assembly.GetName().Name}");
        }

        var method = methods[0];
        var routeValues = function.Route is null ? [] : RouteParameter().Matches(function.Route).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var sources = method.GetParameters().Select(p => (p, Source: SourceOf(function, p, routeValues))).ToList();
        if (sources.FirstOrDefault(s => s.Source is null) is { p: { } unsupported })
        {
            throw Refuse(function, $"parameter '{unsupported.Name}' ({unsupported.ParameterType.Name}) cannot be supplied; {Rules(function)}");
        }

        var expected = function.IsHttp ? typeof(Task<IResult>) : typeof(Task);
        if (method.ReturnType != expected || !sources.Any(s => s.Source!.Value.Kind is Source.Request or Source.Trigger))
        {
            throw Refuse(function, Rules(function));
        }

        var create = method.IsStatic ? null : ActivatorUtilities.CreateFactory(type!, Type.EmptyTypes);
        return new Bound(method, create, [.. sources.Select(s => s.Source!.Value)]);
    }

    private static (Source Kind, string? Name)? SourceOf(FunctionEntry function, ParameterInfo parameter, HashSet<string> routeValues)
    {
        var type = parameter.ParameterType;
        return function.TriggerType switch
        {
            _ when type == typeof(CancellationToken) && function.IsHttp => (Source.Cancellation, null),
            "httpTrigger" when type == typeof(HttpRequest) && parameter.Name == function.BindingName => (Source.Request, null),
            "httpTrigger" when type == typeof(string) && routeValues.Contains(parameter.Name!) => (Source.RouteValue, parameter.Name),
            "queueTrigger" when type == typeof(string) && parameter.Name == function.BindingName => (Source.Trigger, null),
            "timerTrigger" when type == typeof(TimerInfo) && parameter.Name == function.BindingName => (Source.Trigger, null),
            "queueTrigger" or "timerTrigger" when type == typeof(FunctionContext) => (Source.Context, null),
            _ => null,
        };
    }

    private static string Rules(FunctionEntry function) => function.TriggerType switch
    {
        "httpTrigger" => "an HTTP function takes its HttpRequest, route values by name (string) and a CancellationToken, and returns Task<IResult>",
        "queueTrigger" => "a queue function takes the message as a string and its FunctionContext, and returns Task",
        "timerTrigger" => "a timer function takes its TimerInfo and its FunctionContext, and returns Task",
        _ => $"standalone mode runs HTTP, queue and timer functions only, not {function.TriggerType}",
    };

    private static InvalidOperationException Refuse(FunctionEntry function, string why) =>
        new($"Function {function.Name} cannot run standalone: {why}.");

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private enum Source
    {
        Request,
        RouteValue,
        Cancellation,
        Trigger,
        Context,
    }

    private sealed record Bound(MethodInfo Method, ObjectFactory? Create, IReadOnlyList<(Source Kind, string? Name)> Sources);
}
