using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.EraseData;

/// <summary>
/// Queue <c>erase-data</c>: erases a network, round or school on request, records it in the audit log, and queues one
/// follow-up sweep (after <c>Privacy:ErasureSweepMinutes</c>) that erases anything work in flight wrote meanwhile.
/// </summary>
public sealed class EraseData(DataEraser eraser, AuditLog audit, WorkQueue queue, IOptions<PrivacyOptions> privacy)
{
    [Function(nameof(EraseData))]
    public async Task Run([QueueTrigger(StorageNames.ErasureQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<EraseDataMessage>(message);
        using var scope = context.BeginRoundScope(request);
        var cancellationToken = context.CancellationToken;
        var report = await eraser.EraseAsync(request.Scope, dryRun: false, cancellationToken);
        var details = report.Items.Count == 0 ? "nothing left to erase" : string.Join(", ", report.Items.Select(i => $"{i.Count} {i.What}"));
        await audit.RecordAsync(request.NetworkId, request.Actor, request.Sweep ? "data.delete.sweep" : "data.delete", request.Scope.ToString(), details, cancellationToken);
        if (!request.Sweep)
        {
            await queue.SendAsync(StorageNames.ErasureQueue, request with { Sweep = true }, cancellationToken, TimeSpan.FromMinutes(privacy.Value.ErasureSweepMinutes));
        }
    }
}
