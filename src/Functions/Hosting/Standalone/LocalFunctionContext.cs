using System.Collections;
using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.Hosting.Standalone;

/// <summary>
/// The <see cref="FunctionContext"/> a queue or timer function gets from the local trigger runner: its name and
/// invocation id, the trigger's metadata (for a queue message <c>DequeueCount</c>, <c>Id</c>, ...) as binding data, a
/// service scope of its own, and the runner's cancellation. Enough for what the functions read; not the worker's.
/// </summary>
public sealed class LocalFunctionContext(
    FunctionEntry function,
    IServiceProvider services,
    IReadOnlyDictionary<string, object?> bindingData,
    CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => function.Name;

    public override TraceContext TraceContext { get; } = new LocalTrace(System.Diagnostics.Activity.Current);

    public override BindingContext BindingContext { get; } = new LocalBindingContext(bindingData);

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition { get; } = new LocalDefinition(function);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new LocalFeatures();

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }

    private sealed class LocalTrace(System.Diagnostics.Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? "";

        public override string TraceState { get; } = activity?.TraceStateString ?? "";

        public override IReadOnlyDictionary<string, string> Attributes { get; } = ImmutableDictionary<string, string>.Empty;
    }

    private sealed class LocalDefinition(FunctionEntry function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(LocalDefinition).Assembly.Location;

        public override string EntryPoint => function.EntryPoint;

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class LocalFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
