using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReadinessPipeline.Tests.Hosting;

/// <summary>
/// A stand-in for the Azure Functions host, in the spirit of Azurite: a gRPC server speaking the host-worker protocol
/// (tests/contracts/functions-rpc) on loopback, which starts the built app as the host starts a dotnet-isolated worker
/// (the same arguments and environment) and then drives it message by message: init, metadata, load, invocations.
/// It checks nothing itself; the tests read the worker's answers.
/// </summary>
public sealed class StandInHost : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly Connection _connection;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly StringBuilder _output = new();
    private Process? _worker;

    private StandInHost(WebApplication server)
    {
        _server = server;
        _connection = server.Services.GetRequiredService<Connection>();
    }

    /// <summary>What the worker wrote (stdout and stderr) and logged over the stream, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output + _connection.Logs;
            }
        }
    }

    /// <summary>The worker's own HTTP address, from its init response (the ASP.NET Core integration listens there).</summary>
    public Uri HttpUri { get; private set; } = null!;

    /// <summary>Starts the gRPC server, then the worker in <paramref name="appDirectory"/> with <paramref name="settings"/> as its environment.</summary>
    public static async Task<StandInHost> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton<Connection>();
        var server = builder.Build();
        server.MapGrpcService<RpcService>();
        await server.StartAsync();
        var host = new StandInHost(server);
        var port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        host.StartWorker(appDirectory, port, settings);
        await host.WaitAsync("start", TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>WorkerInitRequest, as the host sends it once the worker's stream is open.</summary>
    public async Task<WorkerInitResponse> InitAsync(string appDirectory)
    {
        var response = await RequestAsync("init", new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.1040.100", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        });
        var init = response.WorkerInitResponse;
        if (init.Capabilities.TryGetValue("HttpUri", out var uri))
        {
            HttpUri = new Uri(uri);
        }

        return init;
    }

    public async Task<FunctionMetadataResponse> MetadataAsync(string appDirectory) =>
        (await RequestAsync("metadata", new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } })).FunctionMetadataResponse;

    public async Task<FunctionLoadResponse> LoadAsync(RpcFunctionMetadata function) =>
        (await RequestAsync("load:" + function.FunctionId, new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } })).FunctionLoadResponse;

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest invocation) =>
        (await RequestAsync("invoke:" + invocation.InvocationId, new StreamingMessage { InvocationRequest = invocation })).InvocationResponse;

    public async ValueTask DisposeAsync()
    {
        if (_worker is { HasExited: false })
        {
            _worker.Kill(entireProcessTree: true);
            await _worker.WaitForExitAsync();
        }

        _worker?.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
        _writing.Dispose();
    }

    private void StartWorker(string appDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The arguments and environment the host gives a dotnet-isolated worker (worker.config.json: "dotnet <worker dll>").
        foreach (var argument in new[]
        {
            Path.Combine(appDirectory, "ReadinessPipeline.Functions.dll"),
            "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", "2147483647",
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", "2147483647",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _worker = Process.Start(start)!;
        _worker.OutputDataReceived += (_, e) => Append(e.Data);
        _worker.ErrorDataReceived += (_, e) => Append(e.Data);
        _worker.BeginOutputReadLine();
        _worker.BeginErrorReadLine();
        _worker.EnableRaisingEvents = true;
        _worker.Exited += (_, _) =>
        {
            _connection.Fail(new InvalidOperationException($"The worker exited with code {_worker.ExitCode}:\n{Output}"));
        };
    }

    private async Task<StreamingMessage> RequestAsync(string key, StreamingMessage message)
    {
        var answer = _connection.Expect(key);
        message.RequestId = Guid.NewGuid().ToString();
        var stream = await _connection.Stream;
        await _writing.WaitAsync();
        try
        {
            await stream.WriteAsync(message);
        }
        finally
        {
            _writing.Release();
        }

        return await WaitAsync(key, TimeSpan.FromSeconds(60), answer);
    }

    private async Task<StreamingMessage> WaitAsync(string key, TimeSpan timeout, Task<StreamingMessage>? answer = null)
    {
        try
        {
            return await (answer ?? _connection.Expect(key)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No '{key}' answer from the worker within {timeout}:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The worker's one bidirectional stream: the host's writer, and each awaited answer by key.</summary>
    private sealed class Connection
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _answers = new();
        private readonly TaskCompletionSource<IServerStreamWriter<StreamingMessage>> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IServerStreamWriter<StreamingMessage>> Stream => _stream.Task;

        public void Open(IServerStreamWriter<StreamingMessage> writer) => _stream.TrySetResult(writer);

        public Task<StreamingMessage> Expect(string key) => Answer(key).Task;

        private readonly StringBuilder _logs = new();

        /// <summary>The worker's log lines (RpcLog), as the host writes them to its own log.</summary>
        public string Logs
        {
            get
            {
                lock (_logs)
                {
                    return _logs.ToString();
                }
            }
        }

        /// <summary>Routes each message from the worker to whoever waits for it, and keeps its log lines.</summary>
        public void Receive(StreamingMessage message)
        {
            if (message.RpcLog is { } log)
            {
                lock (_logs)
                {
                    _logs.AppendLine($"{log.Level} {log.Category}: {log.Message} {log.Exception?.Message} {log.Exception?.StackTrace}");
                }
            }

            var key = message.ContentCase switch
            {
                StreamingMessage.ContentOneofCase.StartStream => "start",
                StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
                StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
                StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + message.FunctionLoadResponse.FunctionId,
                StreamingMessage.ContentOneofCase.InvocationResponse => "invoke:" + message.InvocationResponse.InvocationId,
                _ => null,
            };
            if (key is not null)
            {
                Answer(key).TrySetResult(message);
            }
        }

        public void Fail(Exception error)
        {
            foreach (var answer in _answers.Values)
            {
                answer.TrySetException(error);
            }
        }

        private TaskCompletionSource<StreamingMessage> Answer(string key) =>
            _answers.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>The host's side of the gRPC service.</summary>
    private sealed class RpcService(Connection connection) : FunctionRpc.FunctionRpcBase
    {
        public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        {
            connection.Open(responseStream);
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                connection.Receive(message);
            }
        }
    }
}
