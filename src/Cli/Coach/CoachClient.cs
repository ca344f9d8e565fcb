using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Coach;

/// <summary>Talks to the app's coach API with a coach key, and prints problems the way a coach can act on them.</summary>
public sealed class CoachClient(HttpClient http) : IDisposable
{
    public const string KeyVariable = "READINESS_COACH_KEY";

    /// <summary>
    /// A client for the app at <paramref name="baseUrl"/>. The coach key travels in every request, so plain http is
    /// refused unless the app is on this machine (loopback) or <paramref name="insecure"/> says the coach accepts that.
    /// </summary>
    public static CoachClient Create(string baseUrl, string? coachKey, bool insecure)
    {
        var key = coachKey ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            throw new CliException($"A coach key is needed: pass --coach-key or set {KeyVariable}.");
        }

        var address = new Uri(baseUrl.TrimEnd('/') + "/");
        if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback && !insecure)
        {
            throw new CliException($"Refusing to send the coach key over plain http to {address.Host}: anyone on the way could read it. Use an https address, or pass --insecure if you accept that risk.");
        }

        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Coach-Key", key);
        return new CoachClient(http);
    }

    public Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonElement> PostAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path), cancellationToken);

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonElement> PatchJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    /// <summary>A file the app returns (an export), as bytes.</summary>
    public async Task<byte[]> GetFileAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await ReachAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        throw new CliException(Describe(response.StatusCode, await ProblemAsync(response, cancellationToken)));
    }

    /// <summary>
    /// Uploads a CSV file, showing bytes sent and then the time the server takes to apply it. The file is read and
    /// checked first (see <see cref="InputFile"/>) and sent as UTF-8; a refusal names the file and each refused line.
    /// </summary>
    public async Task<JsonElement> PutCsvAsync(string path, FileInfo file, CancellationToken cancellationToken)
    {
        var bytes = InputFile.Utf8Bytes(InputFile.ReadText(file));
        HttpResponseMessage? response = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var upload = progress.AddTask(Markup.Escape($"Uploading {file.Name}"), maxValue: Math.Max(1, bytes.Length));
                var apply = progress.AddTask("Importing on the server", autoStart: false, maxValue: 1);
                var content = new ProgressContent(new MemoryStream(bytes), sent => upload.Value = sent, () => { upload.Value = upload.MaxValue; apply.StartTask(); apply.IsIndeterminate = true; });
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
                try
                {
                    response = await ReachAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = content }, cancellationToken);
                }
                finally
                {
                    apply.IsIndeterminate = false;
                    apply.Value = 1;
                }
            });
        using (response)
        {
            var body = await ProblemAsync(response!, cancellationToken);
            return response!.IsSuccessStatusCode ? body : throw new CliException($"{InputFile.Shown(file.FullName)}: {Describe(response.StatusCode, body)}");
        }
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await ReachAsync(request, cancellationToken);
        var body = await ProblemAsync(response, cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new CliException(Describe(response.StatusCode, body));
    }

    private async Task<HttpResponseMessage> ReachAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new CliException($"Could not reach the app at {http.BaseAddress}: {e.Message}");
            }
        }
    }

    /// <summary>The JSON body (a result, or a problem), or default when there is none.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.Headers.ContentLength == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true
            ? default
            : await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

    /// <summary>A problem response as lines a person can act on (for an import: every refused line of the file).</summary>
    private static string Describe(HttpStatusCode status, JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return $"The app answered {(int)status} {status}.";
        }

        var lines = new List<string> { $"{Text(problem, "title")} ({(int)status}): {Text(problem, "detail")}" };
        if (problem.TryGetProperty("errors", out var errors))
        {
            if (errors.ValueKind == JsonValueKind.Array)
            {
                lines.AddRange(errors.EnumerateArray().Select(e =>
                    $"  line {e.GetProperty("line").GetInt32()}{(e.TryGetProperty("column", out var c) && c.ValueKind == JsonValueKind.String ? ", " + c.GetString() : "")}: {e.GetProperty("message").GetString()}"));
            }
            else if (errors.ValueKind == JsonValueKind.Object)
            {
                lines.AddRange(errors.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => $"  {f.Name}: {m.GetString()}")));
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    public void Dispose() => http.Dispose();

    /// <summary>Stream content that reports how many bytes have been sent, and when the last byte left.</summary>
    private sealed class ProgressContent(Stream source, Action<long> sent, Action done) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read));
                total += read;
                sent(total);
            }

            done();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = source.Length;
            return true;
        }
    }
}

/// <summary>A failure to show the user as a message (no stack trace), with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message)
{
    /// <summary>Prints the message on stderr (one message, however many lines) and gives the exit code.</summary>
    public int Report()
    {
        Console.Error.WriteLine(Message);
        return 1;
    }
}
