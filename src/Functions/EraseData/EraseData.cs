using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Privacy;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.EraseData;

/// <summary>
/// Queue <c>erase-data</c>: erases a network, round or school on request, records it in the audit log, and queues one
/// follow-up sweep (after <c>Privacy:ErasureSweepMinutes</c>) that erases anything work in flight wrote meanwhile.
/// </summary>
public sealed class EraseData(DataEraser eraser, AuditLog audit, WorkQueue queue, IOptions<PrivacyOptions> privacy) : IQueueFunction<EraseDataMessage>
{
    public const string Name = nameof(EraseData);

    public async Task RunAsync(EraseDataMessage message, InvocationContext context, CancellationToken cancellationToken)
    {
        var report = await eraser.EraseAsync(message.Scope, dryRun: false, cancellationToken);
        var details = report.Items.Count == 0 ? "nothing left to erase" : string.Join(", ", report.Items.Select(i => $"{i.Count} {i.What}"));
        await audit.RecordAsync(message.NetworkId, message.Actor, message.Sweep ? "data.delete.sweep" : "data.delete", message.Scope.ToString(), details, cancellationToken);
        context.Logs.Add($"Erased {report.Total} items of {message.Scope}.");
        if (!message.Sweep)
        {
            await queue.SendAsync(StorageNames.ErasureQueue, message with { Sweep = true }, cancellationToken, TimeSpan.FromMinutes(privacy.Value.ErasureSweepMinutes));
        }
    }
}
