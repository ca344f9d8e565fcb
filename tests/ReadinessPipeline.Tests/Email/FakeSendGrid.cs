using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReadinessPipeline.Tests.Email;

/// <summary>
/// Stands in for SendGrid's API on a loopback port: records every <c>POST /v3/mail/send</c> (body, headers, and the
/// time on the test's clock) and answers from a script, then 202 once the script runs out.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private HeldRequest? _hold;

    private FakeSendGrid(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v3/mail/send", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var captured = new CapturedRequest(clock.GetUtcNow(), body, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            _requests.Enqueue(captured);
            if (_hold is { } hold && hold.Match(captured) && Interlocked.CompareExchange(ref _hold, null, hold) == hold)
            {
                // Never answered: the sender is cut off mid-request (its process killed), as by a crash during the send.
                hold.Reached.SetResult(captured);
                try
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                }
                catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
                {
                    return;
                }
            }

            var reply = Down ? Reply.ServerError(503) : _script.TryDequeue(out var next) ? next : Reply.Accepted();
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }

            http.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers)
            {
                http.Response.Headers[name] = value;
            }

            if (reply.Body is not null)
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(reply.Body, http.RequestAborted);
            }
        });
    }

    /// <summary>While true, every request gets 503, as when SendGrid is down.</summary>
    public bool Down { get; set; }

    /// <summary>Base URL for <c>EmailOptions.SendGridHost</c>.</summary>
    public string Host => _app.Urls.Single();

    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    public static async Task<FakeSendGrid> StartAsync(TimeProvider clock)
    {
        var fake = new FakeSendGrid(clock);
        await fake._app.StartAsync();
        return fake;
    }

    /// <summary>
    /// Holds the next request that matches without ever answering it, until its client goes away; the task completes
    /// when that request has arrived.
    /// </summary>
    public Task<CapturedRequest> HoldNext(Func<CapturedRequest, bool> match)
    {
        var reached = new TaskCompletionSource<CapturedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new HeldRequest(match, reached);
        return reached.Task;
    }

    private sealed record HeldRequest(Func<CapturedRequest, bool> Match, TaskCompletionSource<CapturedRequest> Reached);

    /// <summary>Queues the answers to the next requests, in order.</summary>
    public void Script(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record CapturedRequest(DateTimeOffset At, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
    }

    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string? Body = null, TimeSpan Delay = default)
    {
        public static Reply Accepted(string messageId = "sg-message-1") => new(202, new Dictionary<string, string> { ["X-Message-Id"] = messageId });

        public static Reply RateLimited(DateTimeOffset? resetAt) => new(429, resetAt is { } reset
            ? new Dictionary<string, string> { ["X-RateLimit-Limit"] = "600", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(),
            """{"errors":[{"field":null,"message":"too many requests"}]}""");

        public static Reply ServerError(int status = 500) => new(status, new Dictionary<string, string>(), """{"errors":[{"field":null,"message":"internal error"}]}""");

        public static Reply BadRequest(string message, string field) => new(400, new Dictionary<string, string>(),
            JsonSerializer.Serialize(new { errors = new[] { new { message, field, help = (string?)null } } }));

        /// <summary>Answers 202 only after <paramref name="delay"/>, long past any sensible client timeout.</summary>
        public static Reply Hang(TimeSpan delay) => Accepted() with { Delay = delay };
    }
}
