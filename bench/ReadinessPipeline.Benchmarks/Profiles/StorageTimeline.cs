using System.Collections.Concurrent;
using System.Diagnostics;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>One storage request the app made: what it touched, when it started and how long it took.</summary>
public sealed record StorageCall(string Kind, DateTime Start, TimeSpan Duration)
{
    public DateTime End => Start + Duration;
}

/// <summary>
/// Records every HTTP request of this process (the Azure SDK's storage calls), from the events HttpClient writes to
/// its "HttpHandlerDiagnosticListener" DiagnosticListener. It lets the benchmark split the real BuildAsync into phases
/// by what it reads and writes, without a line of timing code in the product. Azure.Core's own request activities are
/// not used: they redact the query string, and with it the $select that tells the Scores table's three queries apart.
/// </summary>
public sealed class StorageTimeline : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentQueue<StorageCall> _calls = new();
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _recording;

    public StorageTimeline() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public IReadOnlyList<StorageCall> Calls => [.. _calls.OrderBy(c => c.Start)];

    public void Start()
    {
        _calls.Clear();
        _recording = true;
    }

    public void Stop() => _recording = false;

    /// <summary>
    /// A request's kind from its method and URL: "GET Scores?RowKey" (a query of the Scores table selecting RowKey),
    /// "GET Rounds(key)" (a point read), "PUT reports", "PUT models/personas", "POST send-report", "LIST submissions";
    /// account names, keys and blob names are dropped.
    /// </summary>
    public static string Classify(string method, Uri url)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/', 3);
        var resource = segments.Length > 1 ? segments[1] : segments[0];
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        var query = Uri.UnescapeDataString(url.Query);
        if (paren >= 0)
        {
            var table = resource[..paren];
            var pointRead = resource.Length > paren + 2;
            var select = query.Split('&').FirstOrDefault(p => p.TrimStart('?').StartsWith("$select=", StringComparison.Ordinal))?.Split('=', 2)[1];
            return pointRead ? $"{method} {table}(key)" : $"{method} {table}?{select ?? "*"}";
        }

        if (query.Contains("comp=list", StringComparison.Ordinal))
        {
            return $"LIST {resource}";
        }

        if (resource == "$batch")
        {
            return $"{method} $batch";
        }

        // Model files say which clustering they belong to: "PUT models/schools", "PUT models/personas".
        if (resource == "models" && segments.Length == 3)
        {
            var file = segments[2][(segments[2].LastIndexOf('/') + 1)..];
            return $"{method} models/{file.Split('-')[0]}";
        }

        return $"{method} {resource}";
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!_recording || value.Key != "System.Net.Http.HttpRequestOut.Stop" || Activity.Current is not { } activity)
        {
            return;
        }

        // The payload is an internal type with Request, Response and RequestTaskStatus properties.
        if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } url } request)
        {
            _calls.Enqueue(new StorageCall(Classify(request.Method.Method, url), activity.StartTimeUtc, activity.Duration));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
