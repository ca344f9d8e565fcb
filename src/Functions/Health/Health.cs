using Microsoft.Azure.Functions.Worker;

namespace ReadinessPipeline.Functions.Health;

/// <summary>HTTP GET <c>/api/health</c>: answers <c>{"status":"ok"}</c> while the app runs; the deploy check and <c>./run.sh</c> wait for it.</summary>
public sealed class Health
{
    [Function(nameof(Health))]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        Task.FromResult<IResult>(TypedResults.Ok(new { status = "ok" }));
}
