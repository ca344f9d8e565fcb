using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Privacy;

/// <summary>
/// A coach's deletion request, from the coach API or the dashboard: a dry run lists what the scope covers (and is
/// audited as such); a real request queues the erasure (run by EraseData, then swept once more) and is audited.
/// </summary>
public sealed class ErasureRequests(DataEraser eraser, WorkQueue queue, AuditLog audit)
{
    public const string QueuedMessage = "The erasure is queued; the audit log records what was erased. A second pass runs later to catch work that was in flight.";

    public async Task<ErasurePlanView> DryRunAsync(ErasureScope scope, string actor, CancellationToken cancellationToken)
    {
        var plan = await eraser.EraseAsync(scope, dryRun: true, cancellationToken);
        await audit.RecordAsync(scope.NetworkId, actor, "data.delete.dry-run", scope.ToString(), $"{plan.Total} items listed", cancellationToken);
        return new ErasurePlanView(scope.ToString(), true, plan.Total, [.. plan.Items.Select(i => new ErasureItemView(i.What, i.Count))]);
    }

    public async Task<ErasureQueuedView> RequestAsync(ErasureScope scope, string actor, CancellationToken cancellationToken)
    {
        await queue.SendAsync(StorageNames.ErasureQueue, new EraseDataMessage(scope.NetworkId, scope.RoundId, scope.SchoolId, actor, Sweep: false), cancellationToken);
        await audit.RecordAsync(scope.NetworkId, actor, "data.delete.requested", scope.ToString(), "queued", cancellationToken);
        return new ErasureQueuedView(scope.ToString(), QueuedMessage);
    }
}
